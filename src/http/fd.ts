/**
 * The few file-system calls of file sending, on plain descriptors, as promises. open and read
 * may wait on a disk and go through libuv's thread pool; fstat, close and the /proc readlink
 * cannot, and run on the spot (each says why).
 *
 * Why not `fs/promises` and its FileHandle: each FileHandle is a tracked native object with
 * an async close, and on a static-file request (open, check, fstat, read, close) that costs
 * about a third of the throughput next to the callback API. The price is ours to pay: every
 * descriptor opened here must reach `closeFd` on every path — the callers say where.
 */
import * as fs from 'node:fs';

export function openFd(path: string, flags: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs.open(path, flags, (error, fd) => (error ? reject(error) : resolve(fd)));
  });
}

/**
 * fstat(2) on a descriptor we hold: answered from the inode the open already brought into
 * memory, so it runs on the spot, as nginx does, rather than through the thread pool — whose
 * round trip (queue, wake a thread, wake the loop) cost more than the call on a small file.
 */
export function fstatFd(fd: number): Promise<fs.Stats> {
  try {
    return Promise.resolve(fs.fstatSync(fd));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Reads up to `length` bytes at `position` into `buffer` at `offset`; resolves the count read. */
export function readFd(fd: number, buffer: Buffer, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs.read(fd, buffer, offset, length, position, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead)));
  });
}

/**
 * Closes `fd`; never rejects (there is nothing a caller could do about a failed close). On the
 * spot, like fstatFd: closing a descriptor opened read-only drops a reference and flushes
 * nothing, so it has no disk to wait on.
 */
export function closeFd(fd: number): Promise<void> {
  try {
    fs.closeSync(fd);
  } catch {
    // EBADF or EIO on a read-only descriptor: it is gone either way
  }
  return Promise.resolve();
}

/** realpath(3): every symlink resolved, one call into the C library (not Node's JS walk). */
export function realpathNative(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    fs.realpath.native(path, (error, real) => (error ? reject(error) : resolve(real)));
  });
}

/**
 * Where an open descriptor really points, read back from `/proc/self/fd/N`. Synchronous on
 * purpose: procfs answers from the kernel's memory and never waits on a disk, and a trip
 * through the thread pool cost more than the call itself (≈6 % of a static-file request).
 */
export function fdTargetNow(procFdPath: string): string {
  return fs.readlinkSync(procFdPath);
}

/** The errno code of a file-system error ('' when there is none). */
export function errnoCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | null)?.code ?? '';
}
