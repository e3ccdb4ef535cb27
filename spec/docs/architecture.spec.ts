/**
 * docs/architecture.md: "Imports point down only", and the sideways imports the page names.
 * Reads every import of src/ and checks it against the layers as the page lists them.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';

const src = path.join(__dirname, '..', '..', 'src');

/** What each folder of src/ may import besides itself, as the page says. */
const ALLOWED: Record<string, readonly string[]> = {
  http: [],
  core: ['http'],
  cluster: ['core', 'http'],
  static: ['core', 'http'],
  // "The ClusterStore and the metrics reach sideways into src/cluster/"
  'rate-limit': ['core', 'http', 'cluster'],
  ops: ['core', 'http', 'cluster'],
  testing: ['http'],
  load: ['http'],
  app: ['core', 'http', 'rate-limit', 'static', 'cluster', 'ops', 'testing'],
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The src/ folders a file imports from, by its relative import specifiers. */
function importedLayers(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const layers: string[] = [];
  for (const match of text.matchAll(/(?:from|import)\s+'(\.{1,2}\/[^']+)'/g)) {
    const target = path.relative(src, path.resolve(path.dirname(file), match[1]));
    layers.push(target.split(path.sep)[0]);
  }
  return layers;
}

describe('docs/architecture.md', () => {
  it('lists every folder of src/ as a layer', () => {
    const folders = fs.readdirSync(src, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.sort()).to.deep.equal(Object.keys(ALLOWED).sort());
    const page = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'architecture.md'), 'utf8');
    for (const folder of folders) expect(page).to.contain(`src/${folder}/`);
  });

  it('keeps every import of src/ pointing down, or sideways only where the page says', () => {
    const wrong: string[] = [];
    for (const layer of Object.keys(ALLOWED)) {
      for (const file of sourceFiles(path.join(src, layer))) {
        for (const imported of importedLayers(file)) {
          if (imported !== layer && !ALLOWED[layer].includes(imported)) wrong.push(`${path.relative(src, file)} imports ${imported}`);
        }
      }
    }
    expect(wrong).to.deep.equal([]);
  });
});
