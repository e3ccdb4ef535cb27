import type { CanActivate } from './can-activate';
import { isObservable } from '../thenable';

/**
 * What a guard's answer means when it is neither `true` nor `false`. As in NestJS, a falsy
 * value (`undefined` from a forgotten `return`, `0`, `''`) refuses and any other value lets
 * the request through — except an RxJS Observable: NestJS awaits its last value, we have no
 * RxJS, and the object itself is truthy, so `of(false)` would let everyone in. It is refused
 * with an error naming the guard (a 500, logged) rather than read as "allowed".
 */
export function guardAllows(guard: CanActivate, answer: unknown): boolean {
  if (!answer) return false;
  if (isObservable(answer)) {
    throw new TypeError(
      `${guard.constructor.name}.canActivate returned an Observable; return a boolean or a Promise of one ` +
        '(e.g. `return firstValueFrom(observable)`).',
    );
  }
  return true;
}
