/**
 * The first bytes ("magic numbers") of the file formats uploads most often claim to be. A
 * part's Content-Type is whatever the client wrote, so `FileTypeValidator` checks the bytes
 * of a file that claims one of these types: a script renamed `avatar.png` and sent as
 * image/png is refused. Types not listed here (text, SVG, office formats…) have no check.
 */

/** One accepted beginning: `bytes` at `offset`; a format with several lists each. */
interface Signature {
  offset: number;
  bytes: Buffer;
}

const at = (offset: number, bytes: string | number[]): Signature => ({
  offset,
  bytes: typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes),
});

const PNG = [at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])]; // PNG spec §5.2
const JPEG = [at(0, [0xff, 0xd8, 0xff])]; // SOI marker, then any marker (ITU T.81 B.1.1.3)
const GIF = [at(0, 'GIF87a'), at(0, 'GIF89a')];
// ZIP APPNOTE §4.3.7 local file header; an empty archive starts with its end record, a
// spanned one with the spanning marker.
const ZIP = [at(0, 'PK\x03\x04'), at(0, 'PK\x05\x06'), at(0, 'PK\x07\x08')];

/**
 * Media type essence (lower case, no parameters) → the beginnings its files may have.
 * Includes the non-standard names browsers and tools still send (image/jpg, Windows's
 * application/x-zip-compressed) so a claim under another name is checked too.
 */
const SIGNATURES: ReadonlyMap<string, readonly Signature[]> = new Map([
  ['image/png', PNG],
  ['image/jpeg', JPEG],
  ['image/jpg', JPEG],
  ['image/pjpeg', JPEG],
  ['image/gif', GIF],
  ['application/pdf', [at(0, '%PDF-')]], // ISO 32000-1 §7.5.2: the header is the first line
  ['application/zip', ZIP],
  ['application/x-zip-compressed', ZIP],
]);

/** A RIFF container (then a 4-byte size) of form type WEBP (RFC 9649): two checks, so not in the table. */
const WEBP_RIFF = Buffer.from('RIFF', 'latin1');
const WEBP_FORM = Buffer.from('WEBP', 'latin1');

/** `image/PNG; x=y` → `image/png`: media types are case-insensitive (RFC 9110 §8.3.1). */
export function mediaTypeEssence(mimetype: string): string {
  const semi = mimetype.indexOf(';');
  return (semi < 0 ? mimetype : mimetype.slice(0, semi)).trim().toLowerCase();
}

/** Whether we know the first bytes of files of this type (essence). */
export function hasSignature(essence: string): boolean {
  return essence === 'image/webp' || SIGNATURES.has(essence);
}

/** Whether `bytes` begin as files of type `essence` do; true for a type we have no signature for. */
export function matchesSignature(essence: string, bytes: Buffer): boolean {
  if (essence === 'image/webp') return startsWith(bytes, 0, WEBP_RIFF) && startsWith(bytes, 8, WEBP_FORM);
  const signatures = SIGNATURES.get(essence);
  if (signatures === undefined) return true;
  return signatures.some((s) => startsWith(bytes, s.offset, s.bytes));
}

function startsWith(bytes: Buffer, offset: number, expected: Buffer): boolean {
  return bytes.length >= offset + expected.length && bytes.compare(expected, 0, expected.length, offset, offset + expected.length) === 0;
}
