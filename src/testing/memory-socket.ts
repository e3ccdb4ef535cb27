/**
 * Two in-memory Duplex ends joined like a TCP connection, so inject() runs the real
 * connection, parser and handler without a port.
 *
 * Bytes cross on process.nextTick, not synchronously: a real socket never delivers inside
 * the writer's write() call, and the engine relies on that (no re-entrant reads).
 */
import { Duplex } from 'node:stream';

export class MemorySocket extends Duplex {
  /** what the engine reads as the peer's address */
  remoteAddress: string | undefined;
  remotePort: number | undefined;
  /** as net.Socket's: the engine sums them for /metrics' byte counters */
  bytesRead = 0;
  bytesWritten = 0;
  private peer!: MemorySocket;
  private eofSent = false;

  constructor() {
    // Like a TCP socket: each direction ends on its own.
    super({ allowHalfOpen: true });
  }

  /** A connected pair: what one writes, the other reads. */
  static pair(): [MemorySocket, MemorySocket] {
    const a = new MemorySocket();
    const b = new MemorySocket();
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  override _read(): void {
    // data is pushed by the peer's writes
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.bytesWritten += chunk.length;
    process.nextTick(deliver, this.peer, chunk);
    callback();
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    const joined = Buffer.concat(chunks.map((c) => c.chunk));
    this.bytesWritten += joined.length;
    process.nextTick(deliver, this.peer, joined);
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    process.nextTick(sendEof, this.peer);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // The peer sees the end of the stream, as after a TCP close.
    process.nextTick(sendEof, this.peer);
    callback(error);
  }

  /** @internal */
  static _eof(socket: MemorySocket): void {
    if (socket.eofSent || socket.destroyed) return;
    socket.eofSent = true;
    socket.push(null);
  }

  /** @internal */
  static _deliver(socket: MemorySocket, chunk: Buffer): void {
    if (socket.eofSent || socket.destroyed) return;
    socket.bytesRead += chunk.length;
    socket.push(chunk);
  }
}

function deliver(socket: MemorySocket, chunk: Buffer): void {
  MemorySocket._deliver(socket, chunk);
}

function sendEof(socket: MemorySocket): void {
  MemorySocket._eof(socket);
}
