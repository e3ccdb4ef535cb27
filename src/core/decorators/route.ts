import { META } from '../metadata/keys';
import { appendMetadata } from '../metadata/append';
import type { RouteDefinition } from '../metadata/definitions';

function routeDecorator(method: string) {
  return (path = ''): MethodDecorator =>
    (target, property, descriptor?: PropertyDescriptor) => {
      // A field gets no descriptor and is not on the prototype (it lives on instances, where
      // no route is looked for): noted so bootstrap refuses it by name instead of the route
      // silently missing. A method decorated by hand without its descriptor is still a method.
      if (descriptor === undefined && !(property in target)) appendMetadata(META.routeFields, [property], target);
      const def: RouteDefinition = { method, path };
      appendMetadata(META.routes, [def], target, property);
    };
}

export const Get = routeDecorator('GET');
export const Post = routeDecorator('POST');
export const Put = routeDecorator('PUT');
export const Patch = routeDecorator('PATCH');
export const Delete = routeDecorator('DELETE');
export const Head = routeDecorator('HEAD');
export const Options = routeDecorator('OPTIONS');
/** Every method on this path (those claimed by a more specific decorator excepted). */
export const All = routeDecorator('ALL');
