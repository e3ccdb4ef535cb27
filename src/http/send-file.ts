/**
 * Sending ONE known file over HTTP: validators (ETag, Last-Modified), conditional requests
 * (RFC 9110 §13), ranges (§14), HEAD, and a body streamed from disk at the pace the client
 * reads it. Which file, and whether it may be sent, is the caller's business (a handler's
 * `Response.file(path)`, or the static mount in `src/static/` after its path checks).
 *
 * Memory: a body up to SMALL_BODY bytes is read whole and handed to the response as one
 * Buffer (one write with the head). A larger one is a Readable that reads the next 64 KiB
 * only when the connection has drained the previous ones, so a 10 GB file to a slow client
 * holds a few chunks, not the file.
 *
 * Descriptors: the file is opened once and every byte comes from that descriptor (no second
 * open by name that a rename could redirect). It is closed when the body is done, when the
 * client goes away mid-body (the stream is destroyed, its generator's `finally` closes), or
 * right away when no body is sent (HEAD, 304, 412, 416).
 */
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { closeFd, errnoCode, fstatFd, openFd, readFd } from './fd';
import { evaluatePreconditions, ifRangeHolds, Precondition, type Validators } from './conditional';
import { httpDate, weakFileEtag } from './etag';
import { compileFileOptions, DEFAULT_FILE_POLICY, type FileSendOptions, type FilePolicy } from './file-options';
import { contentTypeFor } from './mime';
import { contentRange, parseRange, unsatisfiedRange, type ByteRange } from './range';
import type { Request } from './request';
import { registerFileSendable, type Response, type Sendable } from './response';
import { HttpError, STATUS_TEXT } from './errors';

export type { FileSendOptions, FilePolicy } from './file-options';

/** Bodies up to this size are read whole and sent in one write with the head. */
export const SMALL_BODY = 64 * 1024;
/** The read size for streamed bodies: the socket's own buffer order of magnitude. */
const CHUNK = 64 * 1024;

// O_NONBLOCK: opening a FIFO (or a device) that someone placed under the served folder
// must not block a libuv thread until a writer shows up; we refuse it after fstat anyway.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * A file to send, as a response body: `res.send(new FileBody(path))`, or
 * `return Response.file(path)` from a handler. The path is used as given (relative to the
 * process's working directory): never build it from request input without checking it —
 * that is what `serveStatic` is for.
 */
export class FileBody implements Sendable {
  private readonly policy: FilePolicy;

  constructor(
    readonly path: string,
    options?: FileSendOptions,
  ) {
    this.policy = options === undefined ? DEFAULT_FILE_POLICY : compileFileOptions(options);
  }

  /**
   * A file that cannot be sent (missing, a folder, not readable) rejects with an HttpError
   * before anything is written: the engine answers its status, and the framework hands it to
   * the route's exception filters like any other 404.
   */
  async sendTo(req: Request, res: Response): Promise<void> {
    let fd: number;
    try {
      fd = await openFd(this.path, OPEN_FLAGS);
    } catch (error) {
      throw fileUnavailable(statusForFsError(error));
    }
    let stat: Stats;
    try {
      stat = await fstatFd(fd);
    } catch (error) {
      await closeFd(fd);
      throw fileUnavailable(statusForFsError(error));
    }
    if (!stat.isFile()) {
      await closeFd(fd);
      throw fileUnavailable(404);
    }
    return sendOpenFile(req, res, fd, stat, basename(this.path), this.policy);
  }
}

/**
 * Sends a file that is already open and known to be a regular file. Takes ownership of the
 * descriptor `fd`: it is closed whatever happens. `name` gives the Content-Type by extension.
 *
 * `encoding` ('br', 'gzip'): the file holds the representation in that content coding (a
 * static mount's pre-compressed `app.js.gz`, with `name` the plain file's). Its ETag gets the
 * coding appended, so no validator of one coding matches another (RFC 9110 §8.8.3: each
 * representation its own tag), and Range is ignored: a 200 with `Accept-Ranges: none`
 * (§14.3) rather than slices of compressed bytes that a multipart body could not label.
 */
export async function sendOpenFile(
  req: Request,
  res: Response,
  fd: number,
  stat: Stats,
  name: string,
  policy: FilePolicy,
  encoding?: 'br' | 'gzip',
): Promise<void> {
  let handedOver = false; // once a body stream owns the descriptor, it closes it
  try {
    const size = stat.size;
    // RFC 9110 §8.8.2.1: a modification time in the future (clock skew, a restored archive)
    // MUST be replaced by the time of the message. Otherwise a cache that sends it back in
    // If-Modified-Since would get 304 for every change made before that future second.
    // (The ETag keeps the real mtime: it only has to change when the file does.)
    const modifiedMs = Math.min(stat.mtimeMs, Date.now());
    const v: Validators = {
      etag: policy.etag ? codedEtag(weakFileEtag(size, stat.mtimeMs), encoding) : '',
      lastModifiedSeconds: policy.lastModified ? Math.floor(modifiedMs / 1000) : NaN,
    };
    if (v.etag !== '') res.setHeader('ETag', v.etag);
    if (policy.lastModified) res.setHeader('Last-Modified', httpDate(modifiedMs));
    // Cache-Control goes only on the answers that ARE the file (200, 206) or stand for it
    // (304, §15.4.5), never on a 412 or 416: an explicit max-age makes any status storable
    // (RFC 9111 §3), and a shared cache would then serve the refusal to every later GET.
    const cacheable = (): void => {
      if (policy.cacheControl !== undefined && !res.hasHeader('cache-control')) res.setHeader('Cache-Control', policy.cacheControl);
    };

    // A handler that set another status (a custom 404 page, say) sends the file whole and
    // unconditionally: 304 and 206 only make sense for the resource itself.
    const negotiable = res.statusCode === 200;
    if (negotiable) {
      const verdict = evaluatePreconditions(req, v);
      if (verdict === Precondition.NotModified) {
        cacheable();
        answerEmpty(res, 304); // keeps ETag, Last-Modified, Cache-Control (RFC 9110 §15.4.5)
        return;
      }
      if (verdict === Precondition.Failed) {
        answerText(res, 412);
        return;
      }
    }

    // RFC 9110 §14.2: range handling is defined for GET only; other methods ignore Range.
    let ranges: readonly ByteRange[] | null = null;
    if (negotiable && req.method === 'GET' && encoding === undefined) {
      const header = req.header('range');
      if (header !== undefined && ifRangeHolds(req, v)) {
        const wanted = parseRange(header, size);
        if (wanted.kind === 'unsatisfiable') {
          res.setHeader('Content-Range', unsatisfiedRange(size));
          answerText(res, 416);
          return;
        }
        if (wanted.kind === 'ranges') ranges = wanted.ranges;
      }
    }
    cacheable();
    res.setHeader('Accept-Ranges', encoding === undefined ? 'bytes' : 'none');
    const type = res.hasHeader('content-type') ? String(res.getHeader('content-type')) : (policy.contentType ?? contentTypeFor(name));

    let parts: BodyPart[];
    if (ranges === null) {
      res.setHeader('Content-Type', type);
      if (encoding !== undefined) res.setHeader('Content-Encoding', encoding);
      parts = size === 0 ? [] : [{ start: 0, end: size - 1 }];
    } else if (ranges.length === 1) {
      res.status(206);
      res.setHeader('Content-Type', type);
      res.setHeader('Content-Range', contentRange(ranges[0], size));
      parts = [ranges[0]];
    } else {
      // RFC 9110 §14.6: several ranges travel as multipart/byteranges, each part with its
      // own Content-Type and Content-Range, in the order the client asked for them.
      const boundary = randomBytes(12).toString('hex');
      res.status(206);
      res.setHeader('Content-Type', `multipart/byteranges; boundary=${boundary}`);
      parts = multipartParts(ranges, size, type, boundary);
    }
    const length = bodyLength(parts);

    if (req.method === 'HEAD') {
      // HEAD: the head a GET would get, no body and no read (RFC 9110 §9.3.2).
      res.setHeader('Content-Length', length);
      res.end();
      return;
    }
    if (length <= SMALL_BODY) {
      let body: Buffer;
      try {
        body = await readParts(fd, parts, length);
      } catch (error) {
        if (!(error instanceof FileChangedError)) throw error;
        answerFileChanged(res);
        return;
      }
      res.end(body); // the engine writes head and body together
      return;
    }
    // The first chunk is read now, before the head can go out: a file cut since fstat is then
    // still the honest 503 of the small case. Once a byte is sent, a cut can only be answered
    // by cutting the connection (fileStream).
    let first: Buffer;
    try {
      first = await readChunk(fd, parts.find(isRange)!);
    } catch (error) {
      if (!(error instanceof FileChangedError)) throw error;
      answerFileChanged(res);
      return;
    }
    res.setHeader('Content-Length', length);
    const stream = fileStream(fd, parts, first);
    handedOver = true;
    // The engine destroys the body of a client that went away; we make sure of it too, since
    // destroying the stream is what releases the descriptor.
    res.onFinish((error) => {
      if (error !== undefined && !stream.destroyed) stream.destroy();
    });
    res.send(stream);
  } finally {
    if (!handedOver) await closeFd(fd);
  }
}

/** `W/"1a-2b"` → `W/"1a-2b-gzip"` for a coded representation; unchanged without a coding. */
function codedEtag(etag: string, encoding: string | undefined): string {
  return encoding === undefined ? etag : `${etag.slice(0, -1)}-${encoding}"`;
}

/** A body is a list of parts: bytes of the file (a range) or literal bytes (multipart heads). */
type BodyPart = ByteRange | Buffer;

function isRange(p: BodyPart): p is ByteRange {
  return !Buffer.isBuffer(p);
}

function bodyLength(parts: readonly BodyPart[]): number {
  let n = 0;
  for (const p of parts) n += Buffer.isBuffer(p) ? p.length : p.end - p.start + 1;
  return n;
}

function multipartParts(ranges: readonly ByteRange[], size: number, type: string, boundary: string): BodyPart[] {
  const parts: BodyPart[] = [];
  for (let i = 0; i < ranges.length; i++) {
    // The first delimiter needs no leading CRLF; the others close the previous part's body.
    const head = `${i === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${type}\r\nContent-Range: ${contentRange(ranges[i], size)}\r\n\r\n`;
    parts.push(Buffer.from(head, 'latin1'), ranges[i]);
  }
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'));
  return parts;
}

/** A small body, read whole into one Buffer. */
async function readParts(fd: number, parts: readonly BodyPart[], length: number): Promise<Buffer> {
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const p of parts) {
    if (Buffer.isBuffer(p)) {
      at += p.copy(out, at);
      continue;
    }
    let pos = p.start;
    const end = p.end + 1;
    while (pos < end) {
      const bytesRead = await readFd(fd, out, at, end - pos, pos);
      if (bytesRead === 0) throw new FileChangedError();
      pos += bytesRead;
      at += bytesRead;
    }
  }
  return out;
}

/**
 * A large body, 64 KiB at a time, as a Readable that owns the descriptor. `first` is the
 * first chunk of the first range, already read (see sendOpenFile).
 *
 * Each chunk is a fresh Buffer: the connection may still hold the previous one in its write
 * queue, so a reused buffer would be overwritten under it.
 *
 * Closing: the generator's `finally` closes the descriptor when the body ends, fails, or the
 * stream is destroyed mid-body (Readable.from calls `return()`, which waits for a read in
 * flight — so the descriptor is never closed under a pending read whose number could be
 * reused by another open). A stream destroyed before its first read never enters the
 * generator, so its `finally` never runs: the 'close' event covers that case. Both go
 * through one `release`, which closes once.
 */
function fileStream(fd: number, parts: readonly BodyPart[], first: Buffer): Readable {
  let closed = false;
  const release = (): Promise<void> => {
    if (closed) return Promise.resolve();
    closed = true;
    return closeFd(fd);
  };
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      let ahead: Buffer | null = first;
      for (const p of parts) {
        if (Buffer.isBuffer(p)) {
          yield p;
          continue;
        }
        for (let pos = p.start; pos <= p.end; ) {
          const chunk = ahead ?? (await readChunk(fd, { start: pos, end: p.end }));
          ahead = null;
          pos += chunk.length;
          yield chunk;
        }
      }
    } finally {
      await release();
    }
  }
  const stream = Readable.from(chunks(), { objectMode: false, highWaterMark: CHUNK });
  stream.once('close', () => void release());
  return stream;
}

/**
 * Up to 64 KiB from the start of `range`. No byte where the file said there were some: it
 * shrank after we took its length, so FileChangedError — before the head, sendOpenFile
 * answers 503; after it, the engine cuts the connection (it cannot finish a Content-Length
 * it promised, and must not pad it).
 */
async function readChunk(fd: number, range: ByteRange): Promise<Buffer> {
  const want = Math.min(CHUNK, range.end - range.start + 1);
  const buf = Buffer.allocUnsafe(want);
  const bytesRead = await readFd(fd, buf, 0, want, range.start);
  if (bytesRead === 0) throw new FileChangedError();
  return bytesRead === want ? buf : buf.subarray(0, bytesRead);
}

/** The file got shorter while it was being sent. */
export class FileChangedError extends Error {
  readonly code = 'WW_ERR_FILE_CHANGED';
  constructor() {
    super('WW_ERR_FILE_CHANGED: the file got shorter while it was being sent; the response was cut.');
    this.name = 'FileChangedError';
  }
}

/** An error from open/stat as a status: missing → 404, not allowed → 403, out of descriptors → 503. */
export function statusForFsError(error: unknown): number {
  switch (errnoCode(error)) {
    case 'EACCES':
    case 'EPERM':
      return 403;
    case 'EMFILE':
    case 'ENFILE':
      return 503; // the process is out of descriptors: a retry later may work
    default:
      return 404; // ENOENT, ENOTDIR, ENAMETOOLONG, ELOOP, EISDIR…: there is no file to send here
  }
}

const UNAVAILABLE: Readonly<Record<number, readonly [code: string, message: string]>> = {
  403: ['WW_ERR_FILE_FORBIDDEN', 'The file to send may not be read.'],
  404: ['WW_ERR_FILE_NOT_FOUND', 'The file to send does not exist.'],
  503: ['WW_ERR_FILE_BUSY', 'Too many files are open to send this one; try again shortly.'],
};

/** Why there is no file to send. The message never names the path: it goes to the client. */
function fileUnavailable(status: number): HttpError {
  const [code, message] = UNAVAILABLE[status] ?? UNAVAILABLE[404];
  return new HttpError(status, code, message);
}

/** 304: no body, ever (RFC 9110 §15.4.5); the engine sends no Content-Length with it either. */
function answerEmpty(res: Response, status: number): void {
  res.status(status);
  res.end();
}

/**
 * The file got shorter between fstat and the read, before a byte was sent: it is being
 * rewritten (a deploy, say). Nothing wrong was promised yet, so say so honestly — 503 with
 * Retry-After, a transient condition (RFC 9110 §15.6.4) — rather than a 500. The validators,
 * type and Cache-Control already set described the old file: none of them may go out with
 * this answer (a cached 503 under `max-age` would outlive the rewrite).
 */
function answerFileChanged(res: Response): void {
  for (const name of ['ETag', 'Last-Modified', 'Cache-Control', 'Accept-Ranges', 'Content-Range', 'Content-Type', 'Content-Encoding']) res.removeHeader(name);
  res.setHeader('Retry-After', '1');
  answerText(res, 503);
}

/**
 * A refusal with its reason phrase as a short text body, labelled as such: a Content-Type
 * the handler set describes the file, not this text (RFC 9110 §8.3).
 */
function answerText(res: Response, status: number): void {
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.text(STATUS_TEXT[status] ?? String(status), status);
}

// `Response.file(path, options)` builds a FileBody. The engine's Response cannot import this
// file (it would pull the file machinery into every response), so this file registers itself.
registerFileSendable((path, options) => new FileBody(path, options));
