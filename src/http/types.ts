/**
 * The engine's shared shapes: what the parser hands the connection, the limits both obey,
 * and the one seam through which the engine calls an application.
 */
import type { Request } from './request';
import type { Response } from './response';

/** The one seam between engine and application (Koa's `app.callback()` habit). */
export type Handler = (req: Request, res: Response) => void | Promise<void>;

/** Size limits, each enforced where the bytes are parsed. Defaults in `DEFAULT_LIMITS`. */
export interface ParserLimits {
  /** request-line octets, CRLF excluded → 414 when exceeded (RFC 9112 §3: at least 8000). */
  maxRequestLineBytes: number;
  /** whole header section octets (request line excluded) → 431. */
  maxHeaderBytes: number;
  /** number of header fields → 431. */
  maxHeaderCount: number;
  /** body octets (decoded chunk data for chunked) → 413. Overridable per request. */
  maxBodyBytes: number;
  /** octets of one chunk's extensions → 400. */
  maxChunkExtensionBytes: number;
  /** octets of the whole trailer section → 431. */
  maxTrailerBytes: number;
}

export const DEFAULT_LIMITS: Readonly<ParserLimits> = Object.freeze({
  maxRequestLineBytes: 8 * 1024,
  maxHeaderBytes: 16 * 1024,
  maxHeaderCount: 100,
  maxBodyBytes: 1024 * 1024,
  maxChunkExtensionBytes: 4 * 1024,
  maxTrailerBytes: 16 * 1024,
});

/** How the body of a message is delimited (RFC 9112 §6.3). */
export const BodyKind = { None: 0, Length: 1, Chunked: 2 } as const;
export type BodyKind = (typeof BodyKind)[keyof typeof BodyKind];

/** One request head, as the parser hands it to the connection. Strings are latin1. */
export interface ParsedHead {
  /** the method token exactly as sent (methods are case-sensitive, RFC 9110 §9.1). */
  method: string;
  /** origin-form target (`/path?query`); absolute-form is reduced to it; `*` for OPTIONS *. */
  target: string;
  /** the raw path part of the target, before `?`, not percent-decoded. */
  path: string;
  /** the raw query after `?` ('' when none; the `?` itself is not included). */
  query: string;
  /** 0 for HTTP/1.0, 1 for HTTP/1.1 and any higher 1.x (RFC 9110 §2.5). */
  versionMinor: 0 | 1;
  /** flat list: name (lower-cased), value (OWS trimmed), name, value, … in arrival order. */
  headers: string[];
  /** the connection persists after this exchange (version default + Connection tokens). */
  keepAlive: boolean;
  /** `Expect: 100-continue` was sent (any other expectation is an error 417). */
  expectContinue: boolean;
  /** Connection: upgrade + Upgrade header present (we do not upgrade; informational). */
  upgrade: boolean;
  bodyKind: BodyKind;
  /** declared length for BodyKind.Length, else 0. */
  contentLength: number;
  /** the authority from Host (or from an absolute-form target), as sent. */
  host: string;
}

/** A parse failure is a value, never a throw: the status to answer and why. */
export interface ParseError {
  /** 400, 408, 413, 414, 417, 431, 501 or 505. */
  status: number;
  /** stable code for logs and metrics, e.g. 'WW_ERR_HEADER_TOO_LARGE'. */
  code: string;
  /** a sentence for the developer's log; never sent to the client beyond the reason phrase. */
  message: string;
}

/** What the parser calls as it recognises parts of a message. */
export interface ParserCallbacks {
  /** a complete head; the body (if any) follows through onBody. */
  onHead(head: ParsedHead): void;
  /**
   * a piece of body. `chunk` may be a view into the caller's buffer: copy it if it must live
   * past this call.
   */
  onBody(chunk: Buffer): void;
  /** the message is complete; trailers as a flat [name, value, …] list, or null. */
  onComplete(trailers: string[] | null): void;
  /** the input cannot be parsed further; the parser is dead after this call. */
  onError(error: ParseError): void;
}
