/**
 * What Test.createTestingModule() refuses, in one place: an override that would replace
 * nothing (Nest ignores it silently, and the test then runs against the real class), and a
 * misused TestingModule.
 */
import { BootstrapError } from '../../core/bootstrap-error';
import type { ModuleRef } from '../../core/di/module-ref';
import { isModuleClass } from '../../core/di/module';
import type { ModuleOverride, ProviderOverride } from '../../core/di/overrides';
import { describeToken } from '../../core/di/token';
import { closestName } from '../../core/did-you-mean';

export const TESTING_ERROR = {
  /** an override whose token (or module) nothing in the application provides, uses or imports. */
  UNKNOWN_OVERRIDE: 'WW_ERR_UNKNOWN_OVERRIDE',
  /** createApp() called a second time on one TestingModule, or after close(). */
  TESTING_MODULE_USED: 'WW_ERR_TESTING_MODULE_USED',
} as const;

/** overrideProvider(X) where no module of the graph provides X. */
export function unknownProviderOverride(override: ProviderOverride, modules: readonly ModuleRef[]): BootstrapError {
  const name = describeToken(override.token);
  const start = `${override.label}: nothing in the module graph provides ${name}`;
  if (isModuleClass(override.token)) {
    return unknownOverride(`${start}; ${name} is a module: write overrideModule(${name}).useModule(…) to replace it.`);
  }
  const declaring = modules.find((m) => m.controllers.includes(override.token as never));
  if (declaring !== undefined) {
    return unknownOverride(`${start}; it is a controller of ${declaring.name}, and a controller cannot be overridden: override the providers it injects.`);
  }
  const provided = providedTokens(modules);
  // Two copies of one class (src/ and dist/, or two versions of a package) are two tokens.
  const twin = provided.find(([token]) => token !== override.token && describeToken(token) === name);
  if (twin !== undefined) {
    return unknownOverride(
      `${start}, but ${twin[1].name} provides another class also named ${name}: import ${name} in the test from the file ${twin[1].name} imports it from (two copies of a class are two tokens).`,
    );
  }
  const close = closestName(name, provided.map(([token]) => describeToken(token)));
  const hint = close !== undefined
    ? ` Did you mean ${close} (provided by ${provided.find(([token]) => describeToken(token) === close)![1].name})?`
    : ' Import the module that provides it in createTestingModule({ imports }) (directly or through the module that imports it).';
  const enhancer = typeof override.token === 'function'
    ? ` If ${name} is a guard, interceptor, pipe or filter named in a decorator, write overrideGuard(${name}) (or overrideInterceptor, overridePipe, overrideFilter).`
    : '';
  return unknownOverride(`${start}.${hint}${enhancer}`);
}

/** overrideGuard(X) (or interceptor, pipe, filter) where the built app never asked for X. */
export function unusedEnhancerOverride(override: ProviderOverride): BootstrapError {
  const name = describeToken(override.token);
  return unknownOverride(
    `${override.label}: nothing in the application uses ${name}: no module provides it, and no controller, route or createApp() option names it by class. ` +
      `An instance (@UseGuards(new ${name}())) is not built by the container, so it cannot be overridden: name the class. ` +
      'A class given to app.useGlobalGuards() (or useGlobalInterceptors, useGlobalFilters) is built after this check: for a guard, pass it in createApp({ guards }) instead.',
  );
}

/** overrideModule(M) where no module imports M. */
export function unknownModuleOverride(override: ModuleOverride): BootstrapError {
  const name = override.module.name || 'an anonymous module';
  return unknownOverride(`overrideModule(${name}): no module of the graph imports ${name}, so there is nothing to replace. Import it in createTestingModule({ imports }) or in a module the test imports.`);
}

export function testingModuleUsed(what: string): BootstrapError {
  return new BootstrapError(TESTING_ERROR.TESTING_MODULE_USED, what);
}

function unknownOverride(message: string): BootstrapError {
  return new BootstrapError(TESTING_ERROR.UNKNOWN_OVERRIDE, message);
}

/** Every token a module of the graph provides itself (not the container's own ModuleRef), with its module. */
function providedTokens(modules: readonly ModuleRef[]): Array<[unknown, ModuleRef]> {
  const tokens: Array<[unknown, ModuleRef]> = [];
  for (const module of modules) {
    for (const record of module.providers.values()) if (!record.internal) tokens.push([record.token, module]);
  }
  return tokens;
}
