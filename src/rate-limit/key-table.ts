/**
 * Per-policy key → state map whose idle keys disappear without any scan on the hot path.
 *
 * Two generations: every hit looks in `current`, and on a miss in `previous` (moving the key
 * forward). Once `windowMs` (the horizon: how long an idle key's state still matters — one
 * window for the exact log, two for the sliding-window counter) has passed since the last
 * rotation, `previous` is dropped whole and `current` becomes `previous`. A key is dropped only
 * when it was not hit for a full horizon, so forgetting it changes no answer.
 *
 * Rotation is driven by the `now` of the hits themselves (no timer per key or per hit); the
 * store's one `unref`'d sweep timer rotates tables that stopped receiving hits.
 */
export interface KeyBudget {
  /** live keys over all tables of one store. */
  live: number;
  readonly maxKeys: number;
  /** keys dropped early because `maxKeys` was reached. */
  evicted: number;
  /** frees one key, preferably from `table` (the store knows its other tables). */
  makeRoom(table: KeyTable<unknown>): void;
}

export class KeyTable<S> {
  private current = new Map<string, S>();
  private previous = new Map<string, S>();
  private nextRotation = -Infinity;
  /**
   * Eviction cursors, kept between evictions. A Map leaves deleted entries as holes until it
   * rehashes, so `map.keys().next()` after many deletions walks every hole — quadratic under a
   * flood. A live iterator resumes where it stopped and passes each hole once.
   */
  private previousCursor: IterableIterator<string> | undefined;
  private currentCursor: IterableIterator<string> | undefined;

  constructor(
    readonly windowMs: number,
    private readonly budget: KeyBudget,
  ) {}

  get size(): number {
    return this.current.size + this.previous.size;
  }

  /** The state of `key`, or undefined (then the caller creates it with `add`). */
  get(key: string, now: number): S | undefined {
    if (now >= this.nextRotation) this.rotate(now);
    const s = this.current.get(key);
    if (s !== undefined) return s;
    const old = this.previous.get(key);
    if (old !== undefined) {
      this.previous.delete(key);
      this.current.set(key, old);
    }
    return old;
  }

  /** Adds a key `get` did not find, making room first when the store is at `maxKeys`. */
  add(key: string, state: S): void {
    if (this.budget.live >= this.budget.maxKeys) this.budget.makeRoom(this as KeyTable<unknown>);
    this.current.set(key, state);
    this.budget.live++;
  }

  delete(key: string): void {
    if (this.current.delete(key) || this.previous.delete(key)) this.budget.live--;
  }

  /** Called by hits and by the store's sweep timer; a no-op before the rotation time. */
  rotate(now: number): void {
    if (now < this.nextRotation) return;
    if (now >= this.nextRotation + this.windowMs) {
      // Silent for two windows or more: both generations are idle, drop them together.
      this.budget.live -= this.current.size + this.previous.size;
      this.current = new Map();
    } else {
      this.budget.live -= this.previous.size;
    }
    this.previous = this.current;
    this.current = new Map();
    this.previousCursor = this.currentCursor = undefined;
    this.nextRotation = now + this.windowMs;
  }

  /**
   * The key table is full: drop the least recently active key we can find in O(1) — the oldest
   * of `previous` (Map keeps insertion order and keys hit again leave it), else the oldest
   * inserted into `current`. An evicted key restarts with a full budget: the store never refuses a client
   * because of other clients, but past `maxKeys` live keys exactness is traded for bounded memory.
   */
  evictOne(): boolean {
    const key = this.previous.size > 0 ? this.oldestOfPrevious() : this.oldestOfCurrent();
    if (key === undefined) return false;
    if (this.previous.delete(key) || this.current.delete(key)) {
      this.budget.live--;
      this.budget.evicted++;
      return true;
    }
    return false;
  }

  private oldestOfPrevious(): string | undefined {
    let next = (this.previousCursor ??= this.previous.keys()).next();
    if (next.done) next = (this.previousCursor = this.previous.keys()).next();
    return next.done ? undefined : next.value;
  }

  private oldestOfCurrent(): string | undefined {
    let next = (this.currentCursor ??= this.current.keys()).next();
    if (next.done) next = (this.currentCursor = this.current.keys()).next();
    return next.done ? undefined : next.value;
  }
}
