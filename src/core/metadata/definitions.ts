import type { ExecutionContext } from '../guards/execution-context';
import type { PipeLike } from '../pipes/pipe';

/** One `@Get('/x')`-style decorator on a method. */
export interface RouteDefinition {
  /** upper-case method, or 'ALL'. */
  method: string;
  /** the path given to the decorator ('' when none). */
  path: string;
}

/** Where a parameter's value comes from. */
export const ParamSource = {
  Param: 'param',
  Query: 'query',
  Body: 'body',
  Headers: 'headers',
  Req: 'req',
  Res: 'res',
  Ip: 'ip',
  /** one uploaded file of a multipart/form-data body (`@UploadedFile`). */
  UploadedFile: 'file',
  /** uploaded files, all or one field's (`@UploadedFiles`). */
  UploadedFiles: 'files',
  /** a `createParamDecorator` factory computes the value. */
  Custom: 'custom',
} as const;
export type ParamSource = (typeof ParamSource)[keyof typeof ParamSource];

/** One parameter decorator: source, optional property name, pipes in order. */
export interface ParamDefinition {
  index: number;
  source: ParamSource;
  /** property of the source (`@Param('id')` → 'id'); undefined means the whole source. */
  name: string | undefined;
  pipes: PipeLike[];
  /** the decorator as written, for error messages (`@Param('id')`). */
  decorator: string;
  /** Res only: `@Res({ passthrough: true })`, the handler's result is still sent. */
  passthrough?: boolean;
  /** Custom only: the factory and the data it was given (`@User('email')` → 'email'). */
  custom?: { factory: CustomParamFactory; data: unknown };
}

/** What `createParamDecorator` wraps: computes a parameter's value from the request's context. */
export type CustomParamFactory<D = any, R = any> = (data: D, context: ExecutionContext) => R;

/** From `@Redirect(url, status)`. */
export interface RedirectDefinition {
  url: string;
  status: number;
}
