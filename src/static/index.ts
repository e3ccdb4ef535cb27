/** Static files: `serveStatic(prefix, root, options)` and `StaticModule.forRoot(...)`. */
export { serveStatic } from './serve-static';
export type { StaticOptions } from './serve-static';
export type { SetHeaders } from './options';
export { StaticModule, STATIC_MOUNT, staticMountOf } from './static.module';
export type { StaticModuleOptions, StaticMount } from './static.module';
export type { DotfilesPolicy } from './safe-path';
export { FileBody } from '../http/send-file';
export type { FileSendOptions } from '../http/send-file';
