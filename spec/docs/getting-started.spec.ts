/**
 * docs/getting-started.md: the first app, as written there (imports from the source instead
 * of 'wirework'), and what the page says it answers. Keep the two in sync.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import {
  Controller, Get, Post, Body, Param, ParseIntPipe, Injectable, Module, NotFoundException, createServer, App, BootstrapError,
} from '../../src/index';
import type { ServerOptions } from '../../src/index';
import { SERVER_OPTION_NAMES } from '../../src/app/options';

const repoRoot = path.join(__dirname, '..', '..');
const gettingStarted = (): string => fs.readFileSync(path.join(repoRoot, 'docs', 'getting-started.md'), 'utf8');

// ---- the example from "A first app" -------------------------------------------------------
interface Todo { id: number; title: string }

@Injectable()
class TodosService {
  private readonly todos = new Map<number, Todo>([[1, { id: 1, title: 'Read the docs' }]]);
  private nextId = 2;

  find(id: number): Todo {
    const todo = this.todos.get(id);
    if (todo === undefined) throw new NotFoundException(`No todo with id ${id}`);
    return todo;
  }

  add(title: string): Todo {
    const todo = { id: this.nextId++, title };
    this.todos.set(todo.id, todo);
    return todo;
  }
}

@Controller('todos')
class TodosController {
  constructor(private readonly todos: TodosService) {}

  @Get(':id')
  findOne(@Param('id', ParseIntPipe) id: number): Todo {
    return this.todos.find(id);
  }

  @Post()
  create(@Body('title') title: string): Todo {
    return this.todos.add(title);
  }
}

@Module({ controllers: [TodosController], providers: [TodosService] })
class AppModule {}
// ---------------------------------------------------------------------------------------------

describe('docs/getting-started.md', function () {
  // close() after fetch waits out the 2 s drain grace of a just-answered keep-alive connection
  this.timeout(10_000);
  let app: App;
  beforeEach(async () => {
    app = await createServer(AppModule, { logger: false });
  });
  afterEach(() => app.close());

  it('answers GET /todos/1 with the todo as JSON', async () => {
    const res = await app.inject({ url: '/todos/1' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(res.headers['content-length']).to.equal('32');
    expect(res.body).to.equal('{"id":1,"title":"Read the docs"}');
    expect(res.json()).to.deep.equal({ id: 1, title: 'Read the docs' });
  });

  it('answers a POST with 201 and the created todo', async () => {
    const res = await app.inject({ method: 'POST', url: '/todos', body: { title: 'Ship it' } });
    expect(res.statusCode).to.equal(201);
    expect(res.json()).to.deep.equal({ id: 2, title: 'Ship it' });
  });

  it('answers 404 with the JSON error body for an unknown todo', async () => {
    const res = await app.inject({ url: '/todos/9' });
    expect(res.statusCode).to.equal(404);
    expect(res.json()).to.deep.equal({ statusCode: 404, error: 'Not Found', message: 'No todo with id 9' });
  });

  it('answers 400 when ParseIntPipe refuses the id', async () => {
    const res = await app.inject({ url: '/todos/abc' });
    expect(res.statusCode).to.equal(400);
    expect(res.json()).to.deep.equal({
      statusCode: 400, error: 'Bad Request', message: "Validation failed for param 'id' (numeric string is expected)",
    });
  });

  it('serves the same answers on a real port from listen(0)', async () => {
    const { port } = await app.listen(0);
    const res = await fetch(`http://127.0.0.1:${port}/todos/1`);
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ id: 1, title: 'Read the docs' });
  });

  it('applies globalPrefix to every route', async () => {
    const prefixed = await createServer(AppModule, { logger: false, globalPrefix: 'api' });
    try {
      expect((await prefixed.inject({ url: '/api/todos/1' })).statusCode).to.equal(200);
      expect((await prefixed.inject({ url: '/todos/1' })).statusCode).to.equal(404);
    } finally {
      await prefixed.close();
    }
  });

  it('rejects a wrong option value with WW_ERR_INVALID_OPTION', async () => {
    let error: unknown;
    try {
      await createServer(AppModule, { logger: false, bodyLimit: -1 });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(BootstrapError);
    expect((error as BootstrapError).code).to.equal('WW_ERR_INVALID_OPTION');
  });

  it("rejects an unknown option naming the one meant, as the page quotes: unknown option 'bodylimit': did you mean bodyLimit?", async () => {
    const error = await createServer(AppModule, { logger: false, bodylimit: 10 } as ServerOptions).then(
      async (unexpected) => { await unexpected.close(); return undefined; },
      (e: unknown) => e as BootstrapError,
    );
    expect(error?.code).to.equal('WW_ERR_INVALID_OPTION');
    expect(error?.message).to.contain("unknown option 'bodylimit': did you mean bodyLimit?");
    expect(gettingStarted()).to.contain("`unknown option 'bodylimit': did you mean bodyLimit?`");
  });

  it('lists every createServer option in the options table (regression: shutdownHooksTimeoutMs was missing)', () => {
    const rows = new Set([...gettingStarted().matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]));
    expect(SERVER_OPTION_NAMES.filter((name) => !rows.has(name))).to.deep.equal([]);
  });

  it('lists every public member of App in the App table (regression: onRequest and onResponse were missing)', () => {
    const appSource = ts.createSourceFile('app.ts', fs.readFileSync(path.join(repoRoot, 'src/app/app.ts'), 'utf8'), ts.ScriptTarget.ES2022, true);
    const appClass = appSource.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === 'App')!;
    const isPublic = (member: ts.ClassElement): boolean =>
      !(ts.getCombinedModifierFlags(member as ts.Declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected))
      && member.name !== undefined && !ts.isPrivateIdentifier(member.name);
    const members = appClass.members.filter((m) => !ts.isConstructorDeclaration(m) && isPublic(m)).map((m) => m.name!.getText(appSource));
    const table = gettingStarted().split('## The `App`')[1].split('\n## ')[0];
    const listed = new Set([...table.matchAll(/`(\w+)[(`]/g)].map((m) => m[1]));
    expect(members.filter((name) => !listed.has(name))).to.deep.equal([]);
  });

  it('gives a provider instance with app.get(token)', () => {
    expect(app.get(TodosService).find(1).title).to.equal('Read the docs');
  });
});

describe('docs/getting-started.md: the tsconfig it shows', function () {
  // A type-check of one file and what it imports: a few seconds on a loaded machine.
  this.timeout(60_000);

  it('type-checks the first app as the page writes it', () => {
    const page = fs.readFileSync(path.join(repoRoot, 'docs/getting-started.md'), 'utf8');
    const tsconfig = JSON.parse(/```json\n([\s\S]*?)```/.exec(page)![1].replace(/^ {2}/gm, '')) as { compilerOptions: object };
    const app = /```ts\n([\s\S]*?)```/.exec(page)![1].replace("from 'wirework'", `from ${JSON.stringify(path.join(repoRoot, 'src/index'))}`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ww-docs-first-app-'));
    try {
      const file = path.join(dir, 'main.ts');
      fs.writeFileSync(file, app);
      const { options, errors } = ts.convertCompilerOptionsFromJson(tsconfig.compilerOptions, repoRoot);
      expect(errors).to.deep.equal([]);
      const host = ts.createCompilerHost(options);
      host.getCurrentDirectory = () => repoRoot;   // where an app finds node_modules/@types
      const program = ts.createProgram({ rootNames: [file], options: { ...options, noEmit: true }, host });
      const source = program.getSourceFile(file)!;
      const diagnostics = [...program.getOptionsDiagnostics(), ...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
      expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).to.deep.equal([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
