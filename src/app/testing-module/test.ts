import type { ModuleMetadata } from '../../core/di/module';
import { TestingModuleBuilder } from './testing-module-builder';

/**
 * NestJS's entry point for tests, on wirework's container:
 *
 * ```ts
 * const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
 *   .overrideProvider(UsersService).useValue(fakeUsers)
 *   .overrideGuard(AuthGuard).useValue({ canActivate: () => true })
 *   .compile();
 * const app = await moduleRef.createApp({ logger: false });
 * ```
 */
export const Test = {
  /** `metadata` as `@Module()` takes it: the modules the test imports, and any extra controllers or providers. */
  createTestingModule(metadata: ModuleMetadata = {}): TestingModuleBuilder {
    return new TestingModuleBuilder(metadata);
  },
};
