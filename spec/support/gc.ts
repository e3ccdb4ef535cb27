import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** V8's gc() without starting mocha under --expose-gc: the flag is read when a context is made. */
export function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
