/**
 * How RedisStore recovers from NOSCRIPT, over a runner of one's own (`{ runner: true, … }`, the
 * documented interface, here recording its calls instead of talking to Redis).
 */
import { expect } from 'chai';
import { RedisStore } from '../../src/rate-limit/redis-store';
import { compilePolicy } from '../../src/rate-limit/policy';

const policy = compilePolicy({ limit: 10, windowMs: 1_000 }, 'spec');

/** Answers NOSCRIPT to EVALSHA until the script was loaded (or run with EVAL, when it has eval). */
function recordingRunner(withEval: boolean) {
  const calls: string[] = [];
  let cached = false;
  const answer = [1, 9, 1_000];
  return {
    calls,
    runner: {
      runner: true as const,
      async evalSha() {
        calls.push('evalSha');
        if (!cached) throw new Error('NOSCRIPT No matching script. Please use EVAL.');
        return answer;
      },
      async scriptLoad() {
        calls.push('scriptLoad');
        cached = true;
        return 'sha';
      },
      ...(withEval ? { async eval() { calls.push('eval'); cached = true; return answer; } } : {}),
    },
  };
}

describe('RedisStore after NOSCRIPT', () => {
  it('runs the source with EVAL once, on the node of the key, when the client has eval', async () => {
    const { calls, runner } = recordingRunner(true);
    const store = new RedisStore({ client: runner });
    expect((await store.hit('k', 0, policy)).remaining).to.equal(9);
    await store.hit('k', 0, policy);
    expect(calls).to.deep.equal(['evalSha', 'eval', 'evalSha']);
  });

  it('loads the script and retries EVALSHA once with a runner that has no eval', async () => {
    const { calls, runner } = recordingRunner(false);
    const store = new RedisStore({ client: runner });
    expect((await store.hit('k', 0, policy)).remaining).to.equal(9);
    expect(calls).to.deep.equal(['evalSha', 'scriptLoad', 'evalSha']);
  });
});
