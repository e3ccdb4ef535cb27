/**
 * The metadata keys our decorators write. They live on the decorated classes (never in a
 * global registry), and are read only by the route compiler at bootstrap.
 * Strings rather than symbols so `Reflect.getMetadataKeys` output stays readable in a debugger.
 */
export const META = {
  /** class: the controller's path prefix (string). */
  controller: 'wirework:controller',
  /** method: RouteDefinition[] (a method may carry several route decorators). */
  routes: 'wirework:routes',
  /** prototype: names of fields (not methods) given a route decorator, refused at bootstrap. */
  routeFields: 'wirework:route-fields',
  /** method: ParamDefinition[] indexed by parameter position. */
  params: 'wirework:params',
  /** method: status code from @HttpCode. */
  httpCode: 'wirework:http-code',
  /** method: [name, value][] from @Header. */
  headers: 'wirework:headers',
  /** method: { url, status } from @Redirect. */
  redirect: 'wirework:redirect',
  /** class or method: guards (classes or instances). */
  guards: 'wirework:guards',
  /** class or method: interceptors (classes or instances). */
  interceptors: 'wirework:interceptors',
  /** class or method: exception filters (classes or instances). */
  filters: 'wirework:filters',
  /** filter class: the exception types it catches ([] = everything). */
  catch: 'wirework:catch',
  /** class or method: per-route body limit in bytes. */
  bodyLimit: 'wirework:body-limit',
  /** class or method: MultipartOptions from @Multipart (the route reads multipart/form-data). */
  multipart: 'wirework:multipart',
  /** method: SseOptions from @Sse (the route answers text/event-stream). */
  sse: 'wirework:sse',
} as const;
