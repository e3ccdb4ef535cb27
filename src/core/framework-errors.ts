/**
 * The framework's error codes in one place (Fastify's `FST_ERR_*` habit): each is what a user
 * searches the docs for. Mostly bootstrap errors; the last ones are misuses only a request
 * can reveal. DI and router codes live with their own modules.
 */
export const FRAMEWORK_ERROR = {
  /** a parameter decorator on a method that has no route decorator. */
  PARAM_NOT_ROUTE: 'WW_ERR_PARAM_NOT_ROUTE',
  /** a route method with parameters but no `design:paramtypes` (emitDecoratorMetadata off). */
  MISSING_ROUTE_PARAM_TYPES: 'WW_ERR_MISSING_ROUTE_PARAM_TYPES',
  /** a route parameter with no decorator and a type we cannot inject. */
  UNDECORATED_PARAM: 'WW_ERR_UNDECORATED_PARAM',
  /** something given as a pipe is neither a pipe nor a Standard Schema. */
  INVALID_PIPE: 'WW_ERR_INVALID_PIPE',
  /** a guard, interceptor or filter that is not one. */
  INVALID_ENHANCER: 'WW_ERR_INVALID_ENHANCER',
  /** a pipe, guard, interceptor or filter class that could not be built. */
  UNRESOLVABLE_ENHANCER: 'WW_ERR_UNRESOLVABLE_ENHANCER',
  /** a class listed as a controller without @Controller. */
  NOT_A_CONTROLLER: 'WW_ERR_NOT_A_CONTROLLER',
  /** a route or parameter decorator on something that is not an instance method (a static method, a getter). */
  INVALID_ROUTE_METHOD: 'WW_ERR_INVALID_ROUTE_METHOD',
  /** `@Param('x')` on a route whose path has no `:x`: the value would always be undefined. */
  UNKNOWN_ROUTE_PARAM: 'WW_ERR_UNKNOWN_ROUTE_PARAM',
  /** `@Header(name, value)` with a name that is not a token or a value with CR, LF, NUL, … */
  INVALID_HEADER: 'WW_ERR_INVALID_HEADER',
  /** `@Redirect(url, status)` with a status that is not a redirect or a URL that is not a header value. */
  INVALID_REDIRECT: 'WW_ERR_INVALID_REDIRECT',
  /** a route whose upload parameters cannot work together (`@Body() body: Buffer` with `@UploadedFile`, `@Multipart` on a route that reads no body). */
  INVALID_UPLOAD_ROUTE: 'WW_ERR_INVALID_UPLOAD_ROUTE',
  /** an option of createServer with a wrong value. */
  INVALID_OPTION: 'WW_ERR_INVALID_OPTION',
  /** an interceptor called `next.handle()` a second time for one request (the handler runs once). */
  NEXT_HANDLE_CALLED_TWICE: 'WW_ERR_NEXT_HANDLE_CALLED_TWICE',
  /** a middleware called `next()` a second time for one request (the rest of the chain runs once). */
  NEXT_CALLED_TWICE: 'WW_ERR_NEXT_CALLED_TWICE',
  /** the providers' shutdown hooks had not settled `shutdownHooksTimeoutMs` after they began. */
  SHUTDOWN_HOOK_TIMEOUT: 'WW_ERR_SHUTDOWN_HOOK_TIMEOUT',
} as const;
