import { expect } from 'chai';
import { contentTypeFor, DEFAULT_CONTENT_TYPE } from '../../src/http/mime';

describe('http: contentTypeFor', () => {
  const table: Array<[string, string]> = [
    ['index.html', 'text/html; charset=utf-8'],
    ['site.css', 'text/css; charset=utf-8'],
    ['app.js', 'text/javascript; charset=utf-8'],
    ['mod.mjs', 'text/javascript; charset=utf-8'],
    ['data.json', 'application/json; charset=utf-8'],
    ['notes.txt', 'text/plain; charset=utf-8'],
    ['logo.svg', 'image/svg+xml; charset=utf-8'],
    ['logo.png', 'image/png'],
    ['photo.jpg', 'image/jpeg'],
    ['font.woff2', 'font/woff2'],
    ['module.wasm', 'application/wasm'],
    ['doc.pdf', 'application/pdf'],
    ['clip.mp4', 'video/mp4'],
  ];
  for (const [name, type] of table) {
    it(`types ${name} as ${type}`, () => {
      expect(contentTypeFor(name)).to.equal(type);
    });
  }

  it('gives charset=utf-8 to text types and none to binary ones', () => {
    expect(contentTypeFor('a.csv')).to.match(/charset=utf-8$/);
    expect(contentTypeFor('a.gif')).to.not.include('charset');
  });

  it('reads the extension case-insensitively', () => {
    expect(contentTypeFor('LOGO.PNG')).to.equal('image/png');
  });

  it('falls back to application/octet-stream for an unknown extension', () => {
    expect(contentTypeFor('archive.xyz')).to.equal(DEFAULT_CONTENT_TYPE);
  });

  it('falls back for a name without an extension', () => {
    expect(contentTypeFor('Makefile')).to.equal(DEFAULT_CONTENT_TYPE);
  });

  it('treats a dotfile name as a name, not an extension (.html is not HTML)', () => {
    expect(contentTypeFor('.html')).to.equal(DEFAULT_CONTENT_TYPE);
  });

  it('looks only at the last segment of a path', () => {
    expect(contentTypeFor('/srv/v1.2/README')).to.equal(DEFAULT_CONTENT_TYPE);
    expect(contentTypeFor('/srv/www/index.html')).to.equal('text/html; charset=utf-8');
  });
});
