/**
 * A misspelt key inside a nested option object fails createServer at bootstrap, naming its
 * path and the closest known key. Found by an audit: `cors: { orign }` kept the default '*',
 * and `workers: { count, startupTimeoutMS }` kept the default timeout — silently.
 */
import { expect } from 'chai';
import { createServerRefusal } from './option-refusal';

describe('createServer: unknown keys inside nested options', () => {
  it("refuses workers: { cout: 2 }, naming workers.cout and suggesting count", async () => {
    const error = await createServerRefusal({ workers: { cout: 2 } });
    expect(error.code).to.equal('WW_ERR_INVALID_OPTION');
    expect(error.message).to.contain("unknown option 'workers.cout'").and.contain('did you mean count?');
  });

  it('refuses a misspelt workers timeout instead of keeping the default', async () => {
    const error = await createServerRefusal({ workers: { count: 2, startupTimeoutMS: 5000 } });
    expect(error.message).to.contain("'workers.startupTimeoutMS'").and.contain('did you mean startupTimeoutMs?');
  });

  it("refuses cors: { orign } instead of answering with the default origin '*'", async () => {
    const error = await createServerRefusal({ cors: { orign: 'https://a.example' } });
    expect(error.code).to.equal('WW_ERR_INVALID_OPTION');
    expect(error.message).to.contain("unknown option 'cors.orign'").and.contain('did you mean origin?');
  });
});
