import { expect } from 'chai';
import { inspect } from 'node:util';
import { createServer } from '../../../src/index';
import { Controller, Get } from '../../../src/index';
import { forwardRef } from '../../../src/core/di/forward-ref';
import { Inject } from '../../../src/core/di/inject';
import { Injectable } from '../../../src/core/di/injectable';
import { Module } from '../../../src/core/di/module';
import { ModuleRef } from '../../../src/core/di/module-ref';
import { boot, bootError } from './helpers';

/**
 * A parameter typed with a class declared further down: TypeScript records the type in
 * design:paramtypes when the decorator runs, where a class declared later is still in its
 * temporal dead zone. Through an alias it records Object instead; @Inject(forwardRef()) names
 * the class. (Across two files, TypeScript guards the read itself.)
 */
type Later<T> = T;

/**
 * A provider cycle written with forwardRef() on both sides, as NestJS code does it, failed at
 * bootstrap with WW_ERR_DEPENDENCY_CYCLE ("forwardRef() does not help here"), so ported code
 * could not start. Now it resolves as in Nest: the side still being built is handed out as a
 * placeholder made from its prototype, which its own instance fills once its constructor ran.
 */
describe('DI: a provider cycle with forwardRef() on both sides', () => {
  @Injectable() class Users {
    readonly kind = 'users';
    constructor(@Inject(forwardRef(() => Orders)) readonly orders: Later<Orders>) {}
    name(id: number) { return `user ${id}`; }
    countOrders() { return this.orders.count(); }
  }
  @Injectable() class Orders {
    readonly kind = 'orders';
    constructor(@Inject(forwardRef(() => Users)) readonly users: Users) {}
    count() { return 3; }
    ownerOf(id: number) { return this.users.name(id); }
  }

  it('builds both sides, each seeing the other\'s methods and fields after bootstrap', async () => {
    @Module({ providers: [Users, Orders] }) class AppModule {}
    const container = await boot(AppModule);
    const users = container.get(Users);
    const orders = container.get(Orders);
    expect(users.countOrders()).to.equal(3);
    expect(orders.ownerOf(7)).to.equal('user 7');
    expect(users.orders.kind).to.equal('orders');
    expect(orders.users.kind).to.equal('users');
  });

  it('runs the example of docs/providers-and-modules.md, "Providers that need each other"', async () => {
    @Injectable()
    class UsersService {
      constructor(@Inject(forwardRef(() => OrdersService)) private readonly orders: Later<OrdersService>) {}
      ordersOf(user: string) { return this.orders.count(user); }
      exists(user: string) { return user !== ''; }
    }
    @Injectable()
    class OrdersService {
      constructor(@Inject(forwardRef(() => UsersService)) private readonly users: UsersService) {}
      count(user: string) { return this.users.exists(user) ? user.length : 0; }
    }
    @Module({ providers: [UsersService, OrdersService] }) class AppModule {}
    expect((await boot(AppModule)).get(UsersService).ordersOf('ada')).to.equal(3);
  });

  it('injects one instance of each side everywhere, whichever side is listed first', async () => {
    for (const providers of [[Users, Orders], [Orders, Users]]) {
      @Injectable() class Report { constructor(readonly users: Users, readonly orders: Orders) {} }
      @Module({ providers: [...providers, Report] }) class AppModule {}
      const container = await boot(AppModule);
      const users = container.get(Users);
      const orders = container.get(Orders);
      expect(users.orders).to.equal(orders);
      expect(orders.users).to.equal(users);
      expect(container.get(Report).users).to.equal(users);
      expect(container.get(Report).orders).to.equal(orders);
      expect(users).to.be.instanceOf(Users);
      expect(orders).to.be.instanceOf(Orders);
    }
  });

  it('serves a route through both sides in a real app, and app.get() gives the injected instances', async () => {
    @Controller('orders') class OrdersController {
      constructor(private readonly orders: Orders) {}
      @Get('owner') owner() { return { owner: this.orders.ownerOf(1) }; }
    }
    @Module({ controllers: [OrdersController], providers: [Users, Orders] }) class AppModule {}
    const app = await createServer(AppModule, { logger: false });
    try {
      expect(app.get(Users).orders).to.equal(app.get(Orders));
      expect(app.get(Orders).users).to.equal(app.get(Users));
      const res = await app.inject({ url: '/orders/owner' });
      expect(res.statusCode).to.equal(200);
      expect(res.json()).to.deep.equal({ owner: 'user 1' });
    } finally {
      await app.close();
    }
  });

  it('resolves the cycle across two modules that import each other with forwardRef()', async () => {
    @Injectable() class Accounts {
      constructor(@Inject(forwardRef(() => Billing)) readonly billing: Later<Billing>) {}
      plan() { return 'pro'; }
    }
    @Injectable() class Billing {
      constructor(@Inject(forwardRef(() => Accounts)) readonly accounts: Accounts) {}
      invoice() { return `invoice for ${this.accounts.plan()}`; }
    }
    @Module({ imports: [forwardRef(() => BillingModule)], providers: [Accounts], exports: [Accounts] }) class AccountsModule {}
    @Module({ imports: [forwardRef(() => AccountsModule)], providers: [Billing], exports: [Billing] }) class BillingModule {}
    @Module({ imports: [AccountsModule, BillingModule] }) class AppModule {}
    const container = await boot(AppModule);
    expect(container.get(Accounts).billing).to.equal(container.get(Billing));
    expect(container.get(Billing).accounts).to.equal(container.get(Accounts));
    expect(container.get(Accounts).billing.invoice()).to.equal('invoice for pro');
  });

  it('resolves a loop of three classes with forwardRef() on every step', async () => {
    @Injectable() class A { constructor(@Inject(forwardRef(() => B)) readonly b: Later<B>) {} name() { return 'a'; } }
    @Injectable() class B { constructor(@Inject(forwardRef(() => C)) readonly c: Later<C>) {} name() { return 'b'; } }
    @Injectable() class C { constructor(@Inject(forwardRef(() => A)) readonly a: A) {} name() { return 'c'; } }
    @Module({ providers: [A, B, C] }) class AppModule {}
    const container = await boot(AppModule);
    const a = container.get(A);
    expect(a.b.c.a).to.equal(a);
    expect(a.b.c.a.name() + a.b.name() + a.b.c.name()).to.equal('abc');
  });

  it('resolves a side provided with useClass under a token', async () => {
    @Injectable() class Mailer {
      constructor(@Inject(forwardRef(() => Queue)) readonly queue: Later<Queue>) {}
      send() { return 'sent'; }
    }
    @Injectable() class Queue {
      constructor(@Inject(forwardRef(() => 'MAILER')) readonly mailer: Mailer) {}
      flush() { return this.mailer.send(); }
    }
    @Module({ providers: [{ provide: 'MAILER', useClass: Mailer }, Queue] }) class AppModule {}
    const container = await boot(AppModule);
    expect(container.get<Mailer>('MAILER').queue).to.equal(container.get(Queue));
    expect(container.get(Queue).mailer).to.equal(container.get('MAILER'));
    expect(container.get(Queue).flush()).to.equal('sent');
  });

  it('resolves a loop through a useExisting alias, whichever provider is listed first', async () => {
    @Injectable() class Sender { constructor(@Inject(forwardRef(() => 'OUTBOX')) readonly outbox: Later<Outbox>) {} }
    @Injectable() class Outbox { constructor(@Inject(forwardRef(() => Sender)) readonly sender: Sender) {} }
    const OUTBOX = { provide: 'OUTBOX', useExisting: Outbox };
    for (const providers of [[OUTBOX, Sender, Outbox], [Sender, OUTBOX, Outbox], [Outbox, Sender, OUTBOX]]) {
      @Module({ providers }) class AppModule {}
      const container = await boot(AppModule);
      expect(container.get(Sender).outbox).to.equal(container.get(Outbox));
      expect(container.get('OUTBOX')).to.equal(container.get(Outbox));
      expect(container.get(Outbox).sender).to.equal(container.get(Sender));
    }
  });

  it('keeps accessors and non-enumerable properties the constructor defined on the instance', async () => {
    @Injectable() class Left {
      constructor(@Inject(forwardRef(() => Right)) readonly right: Later<Right>) {
        Object.defineProperty(this, 'secret', { value: 42, enumerable: false });
      }
    }
    @Injectable() class Right { constructor(@Inject(forwardRef(() => Left)) readonly left: Left) {} }
    @Module({ providers: [Left, Right] }) class AppModule {}
    const container = await boot(AppModule);
    // Left is resolved first, so it is the side handed out as a placeholder (and filled).
    expect((container.get(Right).left as unknown as { secret: number }).secret).to.equal(42);
  });

  describe('lifecycle hooks', () => {
    it('calls onModuleInit once on each side, and each can use the other there', async () => {
      const log: string[] = [];
      @Injectable() class Cache {
        constructor(@Inject(forwardRef(() => Store)) readonly store: Later<Store>) {}
        onModuleInit() { log.push(`Cache sees ${this.store.label()}`); }
        label() { return 'cache'; }
      }
      @Injectable() class Store {
        constructor(@Inject(forwardRef(() => Cache)) readonly cache: Cache) {}
        async onModuleInit() { await Promise.resolve(); log.push(`Store sees ${this.cache.label()}`); }
        label() { return 'store'; }
      }
      @Module({ providers: [Cache, Store] }) class AppModule {}
      const container = await boot(AppModule);
      await container.callInitHooks();
      expect([...log].sort()).to.deep.equal(['Cache sees store', 'Store sees cache']);
    });

    it('lets the module class and ModuleRef reach both sides once bootstrap is done', async () => {
      @Module({ providers: [Users, Orders] }) class AppModule {
        constructor(readonly moduleRef: ModuleRef) {}
      }
      const container = await boot(AppModule);
      const moduleRef = container.get(ModuleRef);
      expect(moduleRef.get(Users).orders).to.equal(moduleRef.get(Orders));
    });
  });

  describe('async providers', () => {
    it('builds a cycle whose sides also depend on an async factory', async () => {
      @Injectable() class Left {
        constructor(@Inject(forwardRef(() => Right)) readonly right: Later<Right>, @Inject('CONFIG') readonly config: { name: string }) {}
      }
      @Injectable() class Right {
        constructor(@Inject('CONFIG') readonly config: { name: string }, @Inject(forwardRef(() => Left)) readonly left: Left) {}
      }
      const CONFIG = { provide: 'CONFIG', useFactory: async () => { await new Promise((r) => setImmediate(r)); return { name: 'cfg' }; } };
      @Module({ providers: [Left, Right, CONFIG] }) class AppModule {}
      const container = await boot(AppModule);
      expect(container.get(Left).right.config.name).to.equal('cfg');
      expect(container.get(Right).left.config.name).to.equal('cfg');
      expect(container.get(Right).left).to.equal(container.get(Left));
    });

    it('refuses an async factory in the loop, naming its token', async () => {
      @Injectable() class Pool { constructor(@Inject(forwardRef(() => 'DB')) readonly db: unknown) {} }
      @Module({
        providers: [Pool, { provide: 'DB', useFactory: async (pool: Pool) => ({ pool }), inject: [forwardRef(() => Pool)] }],
      })
      class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_DEPENDENCY_CYCLE');
      expect(error.message).to.contain("Pool → 'DB' → Pool.");
      expect(error.message).to.contain("'DB' is a factory provider");
    });
  });

  describe('what cannot be resolved', () => {
    it('refuses a factory provider in the loop, naming its token and why, whichever side is built first', async () => {
      @Injectable() class Repo { constructor(@Inject(forwardRef(() => 'CONN')) readonly conn: unknown) {} }
      const CONN = { provide: 'CONN', useFactory: (repo: Repo) => ({ repo }), inject: [forwardRef(() => Repo)] };
      for (const providers of [[Repo, CONN], [CONN, Repo]]) {
        @Module({ providers }) class AppModule {}
        const error = await bootError(AppModule);
        expect(error.code).to.equal('WW_ERR_DEPENDENCY_CYCLE');
        expect(error.message).to.contain("'CONN' is a factory provider (useFactory)");
        expect(error.message).to.contain('placeholder');
      }
    });

    it('refuses a loop with forwardRef() on one side only, naming the parameter that lacks it', async () => {
      @Injectable() class Left { constructor(@Inject(forwardRef(() => Right)) readonly right: unknown) {} }
      @Injectable() class Right { constructor(readonly left: Left) {} }
      for (const providers of [[Left, Right], [Right, Left]]) {
        @Module({ providers }) class AppModule {}
        const error = await bootError(AppModule);
        expect(error.code).to.equal('WW_ERR_DEPENDENCY_CYCLE');
        expect(error.message).to.match(/(Left → Right → Left|Right → Left → Right)\./);
        expect(error.message).to.contain('forwardRef(() => …)) on both sides');
        expect(error.message).to.contain("the parameter at index 0 of Right's constructor, type Left");
        expect(error.message).not.to.contain("of Left's constructor");
      }
    });

    it('refuses a loop without forwardRef(), saying to write it on both sides', async () => {
      @Injectable() class Left { constructor(@Inject('RIGHT') readonly right: unknown) {} }
      @Injectable() class Right { constructor(readonly left: Left) {} }
      @Module({ providers: [Left, { provide: 'RIGHT', useClass: Right }] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_DEPENDENCY_CYCLE');
      expect(error.message).to.contain("Left → 'RIGHT' → Left.");
      expect(error.message).to.contain('on both sides');
      expect(error.message).to.contain("the parameter at index 0 of Left's constructor, token 'RIGHT'");
    });

    it('names the constructor that used the other side before it was built, and what it read', async () => {
      @Injectable() class Eager {
        readonly greeting: string;
        constructor(@Inject(forwardRef(() => Lazy)) readonly lazy: Later<Lazy>) { this.greeting = lazy.hello(); }
      }
      @Injectable() class Lazy {
        constructor(@Inject(forwardRef(() => Eager)) readonly eager: Eager) {}
        hello() { return 'hi'; }
      }
      @Module({ providers: [Lazy, Eager] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_FORWARD_REF_USED_TOO_EARLY');
      expect(error.message).to.contain("Eager's constructor read Lazy.hello");
      expect(error.message).to.contain('Lazy → Eager');
      expect(error.message).to.contain('onModuleInit');
    });

    it('lets a constructor log the unbuilt side (console.log, a template string) without failing', async () => {
      const logged: string[] = [];
      @Injectable() class Chatty {
        constructor(@Inject(forwardRef(() => Quiet)) quiet: Later<Quiet>) { logged.push(inspect(quiet), `${quiet}`); }
      }
      @Injectable() class Quiet { constructor(@Inject(forwardRef(() => Chatty)) readonly chatty: Chatty) {} }
      @Module({ providers: [Quiet, Chatty] }) class AppModule {}
      await boot(AppModule);
      expect(logged).to.deep.equal(['[Quiet, still being built]', '[Quiet, still being built]']);
    });

    it('reports reading a field of the unbuilt side too, not a silent undefined', async () => {
      @Injectable() class Eager {
        readonly copy: string;
        constructor(@Inject(forwardRef(() => Lazy)) lazy: Later<Lazy>) { this.copy = lazy.value; }
      }
      @Injectable() class Lazy {
        readonly value = 'v';
        constructor(@Inject(forwardRef(() => Eager)) readonly eager: Eager) {}
      }
      @Module({ providers: [Lazy, Eager] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_FORWARD_REF_USED_TOO_EARLY');
      expect(error.message).to.contain("Eager's constructor read Lazy.value");
    });
  });
});
