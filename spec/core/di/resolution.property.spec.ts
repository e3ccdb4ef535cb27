import { expect } from 'chai';
import fc from 'fast-check';
import { BootstrapError } from '../../../src/core/bootstrap-error';
import { Container } from '../../../src/core/di/container';
import { Module } from '../../../src/core/di/module';
import { PARAMTYPES_METADATA } from '../../../src/core/di/metadata-keys';

/**
 * Builds class Pi for each node, whose constructor takes the classes of `deps[i]` (recorded as
 * design:paramtypes, as TypeScript would) and logs its onModuleInit into `initLog`.
 */
function classesFor(deps: readonly number[][], initLog: string[]) {
  const classes: Array<new (...args: unknown[]) => { deps: unknown[] }> = [];
  for (let i = 0; i < deps.length; i++) {
    const cls = class {
      readonly deps: unknown[];
      constructor(...args: unknown[]) { this.deps = args; }
      onModuleInit() { initLog.push(`P${i}`); }
    };
    Object.defineProperty(cls, 'name', { value: `P${i}` });
    classes.push(cls);
  }
  // Set after every class exists: an edge may point at any node, including a later one.
  deps.forEach((list, i) => Reflect.defineMetadata(PARAMTYPES_METADATA, list.map((j) => classes[j]), classes[i]));
  return classes;
}

/** A random DAG: node i depends only on nodes with a smaller index. */
const dag = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.tuple(...Array.from({ length: n }, (_, i) => fc.uniqueArray(fc.nat({ max: Math.max(0, i - 1) }), { maxLength: i === 0 ? 0 : Math.min(i, 4) }))),
);

describe('DI resolution (properties)', () => {
  it('builds any acyclic graph, whatever the providers order, with each dependency the shared singleton', async () => {
    await fc.assert(
      fc.asyncProperty(dag, fc.infiniteStream(fc.nat()), async (deps, shuffleSeed) => {
        const log: string[] = [];
        const classes = classesFor(deps, log);
        const order = shuffle(classes, shuffleSeed);
        @Module({ providers: order }) class AppModule {}
        const container = await new Container(AppModule).init();
        deps.forEach((list, i) => {
          const instance = container.get(classes[i]);
          expect(instance.deps).to.have.length(list.length);
          list.forEach((j, k) => expect(instance.deps[k]).to.equal(container.get(classes[j])));
        });
      }),
      { numRuns: 100 },
    );
  });

  it('calls onModuleInit on every provider after the providers it depends on', async () => {
    await fc.assert(
      fc.asyncProperty(dag, fc.infiniteStream(fc.nat()), async (deps, shuffleSeed) => {
        const log: string[] = [];
        const classes = classesFor(deps, log);
        @Module({ providers: shuffle(classes, shuffleSeed) }) class AppModule {}
        const container = await new Container(AppModule).init();
        await container.callInitHooks();
        expect([...log].sort()).to.deep.equal(classes.map((c) => c.name).sort());
        deps.forEach((list, i) => {
          for (const j of list) expect(log.indexOf(`P${j}`)).to.be.lessThan(log.indexOf(`P${i}`));
        });
      }),
      { numRuns: 100 },
    );
  });

  it('reports a cycle as a loop whose every step is a real dependency', async () => {
    await fc.assert(
      fc.asyncProperty(dag, fc.nat(), fc.nat(), async (deps, a, b) => {
        // Add one edge low → high (or a self edge): it closes a loop when `to` already reaches `from`.
        const from = a % deps.length;
        const to = from + (b % (deps.length - from));
        const withCycle = deps.map((list) => [...list]);
        withCycle[from].push(to);
        const classes = classesFor(withCycle, []);
        const cyclic = from === to || reaches(withCycle, to, from);
        @Module({ providers: classes }) class AppModule {}
        const outcome = await new Container(AppModule).init().then(() => undefined, (e: unknown) => e);
        if (!cyclic) {
          expect(outcome).to.equal(undefined);
          return;
        }
        expect(outcome).to.be.instanceOf(BootstrapError);
        const error = outcome as BootstrapError;
        expect(error.code).to.equal('WW_ERR_DEPENDENCY_CYCLE');
        const loop = error.message.slice('WW_ERR_DEPENDENCY_CYCLE: '.length, error.message.indexOf('.')).split(' → ');
        expect(loop[0]).to.equal(loop[loop.length - 1]);
        for (let k = 0; k + 1 < loop.length; k++) {
          const here = Number(loop[k].slice(1));
          const next = Number(loop[k + 1].slice(1));
          expect(withCycle[here]).to.include(next);
        }
      }),
      { numRuns: 100 },
    );
  });
});

function reaches(deps: readonly number[][], from: number, target: number): boolean {
  const seen = new Set<number>();
  const stack = [from];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === target) return true;
    if (seen.has(node)) continue;
    seen.add(node);
    stack.push(...deps[node]);
  }
  return false;
}

function shuffle<T>(items: readonly T[], seeds: fc.Stream<number>): T[] {
  const out = [...items];
  const it = seeds[Symbol.iterator]();
  for (let i = out.length - 1; i > 0; i--) {
    const j = it.next().value % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
