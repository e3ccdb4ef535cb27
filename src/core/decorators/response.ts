import { META } from '../metadata/keys';
import { appendMetadata } from '../metadata/append';
import type { RedirectDefinition } from '../metadata/definitions';

/** The status a successful result is sent with (default 200; 201 for POST). */
export function HttpCode(status: number): MethodDecorator {
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new TypeError(`@HttpCode(${status}): a status is an integer from 100 to 599`);
  }
  return (target, property) => {
    Reflect.defineMetadata(META.httpCode, status, target, property);
  };
}

/** A response header sent with every successful result of this route (precomputed). */
export function Header(name: string, value: string): MethodDecorator {
  return (target, property) => {
    appendMetadata<[string, string]>(META.headers, [[name, String(value)]], target, property);
  };
}

/**
 * Redirects to `url` (302 by default). A handler may return `{ url, statusCode }` to
 * redirect elsewhere, as in NestJS.
 */
export function Redirect(url = '', status = 302): MethodDecorator {
  return (target, property) => {
    const def: RedirectDefinition = { url, status };
    Reflect.defineMetadata(META.redirect, def, target, property);
  };
}
