/**
 * The default store: one process, answers synchronously (no promise per request).
 * One KeyTable per policy; the state per key is a SlidingLog or a SlidingWindowCounter.
 */
import { KeyTable, type KeyBudget } from './key-table';
import { SlidingLog } from './sliding-log';
import { SlidingWindowCounter } from './sliding-window';
import type { HitResult, RateLimitPolicy, RateLimitStore } from './types';
import { RateLimitConfigError } from './errors';

export interface MemoryStoreOptions {
  /** live keys over all policies before the least recently active are evicted (default 100 000). */
  maxKeys?: number;
  /**
   * Run one `unref`'d timer that rotates the key tables of policies that stopped receiving hits,
   * so their memory is freed even when the traffic stops (default true). Hits rotate tables
   * themselves; the timer only matters for silence.
   */
  idleSweep?: boolean;
}

type State = SlidingLog | SlidingWindowCounter;

export const DEFAULT_MAX_KEYS = 100_000;

export class MemoryStore implements RateLimitStore {
  private readonly tables = new Map<string, KeyTable<State>>();
  /** the last policy and table, so a route with one policy skips even the Map lookup. */
  private lastPolicy: RateLimitPolicy | undefined;
  private lastTable: KeyTable<State> | undefined;
  private readonly budget: KeyBudget;
  private sweepTimer: NodeJS.Timeout | undefined;
  private readonly idleSweep: boolean;
  /** the newest `now` seen, and the wall time at which the sweep first saw it unchanged. */
  private lastNow = -Infinity;
  private sweepSeenNow = -Infinity;
  private sweepSeenWall = 0;

  constructor(options: MemoryStoreOptions = {}) {
    const maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    if (!Number.isInteger(maxKeys) || maxKeys < 1) {
      throw new RateLimitConfigError(`MemoryStore maxKeys must be an integer >= 1, got ${String(options.maxKeys)}`);
    }
    const tables = this.tables;
    this.budget = {
      live: 0,
      maxKeys,
      evicted: 0,
      makeRoom(table) {
        if (table.evictOne()) return;
        for (const t of tables.values()) if (t.evictOne()) return;
      },
    };
    this.idleSweep = options.idleSweep ?? true;
  }

  /** live keys over all policies. */
  get size(): number {
    return this.budget.live;
  }

  /** keys evicted early because `maxKeys` was reached (a metric worth exporting). */
  get evictions(): number {
    return this.budget.evicted;
  }

  hit(key: string, now: number, policy: RateLimitPolicy): HitResult {
    const table = this.lastPolicy === policy ? this.lastTable! : this.tableFor(policy);
    if (now > this.lastNow) this.lastNow = now;
    const state = table.get(key, now);
    if (state !== undefined) return state.hit(now, policy.limit, policy.windowMs);
    if (policy.algorithm === 'sliding-window') {
      const counter = new SlidingWindowCounter();
      table.add(key, counter);
      return counter.hit(now, policy.limit, policy.windowMs);
    }
    table.add(key, new SlidingLog(now));
    return SlidingLog.first(policy.limit, policy.windowMs);
  }

  reset(key: string, policy: RateLimitPolicy): void {
    this.tables.get(tableId(policy))?.delete(key);
  }

  close(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    this.tables.clear();
    this.budget.live = 0;
    this.lastPolicy = this.lastTable = undefined;
  }

  private tableFor(policy: RateLimitPolicy): KeyTable<State> {
    const id = tableId(policy);
    let table = this.tables.get(id);
    if (!table) {
      // How long an idle key still matters: a log's timestamps leave the window after one
      // window, but a sliding-window counter's previous-window count weighs on the next
      // window too, so it is forgotten only after two (regression: the memory store let a hit
      // through that the same counter on Redis rightly refused).
      const horizonMs = policy.algorithm === 'sliding-window' ? 2 * policy.windowMs : policy.windowMs;
      table = new KeyTable<State>(horizonMs, this.budget);
      this.tables.set(id, table);
      this.startSweep(horizonMs);
    }
    this.lastPolicy = policy;
    this.lastTable = table;
    return table;
  }

  private startSweep(windowMs: number): void {
    if (!this.idleSweep || this.sweepTimer) return;
    // One timer per store, never per key or hit. Its period bounds how long idle memory lingers.
    const period = Math.min(Math.max(windowMs, 1_000), 60_000);
    this.sweepTimer = setInterval(() => this.sweep(), period);
    this.sweepTimer.unref();
  }

  /**
   * Rotates tables that hits stopped rotating. The time used is the newest hit time plus the
   * wall time since the sweep first saw it unchanged, so an injected clock (tests, a shared
   * primary clock) is followed rather than replaced by Date.now().
   */
  private sweep(): void {
    const wall = Date.now();
    if (this.lastNow !== this.sweepSeenNow) {
      this.sweepSeenNow = this.lastNow;
      this.sweepSeenWall = wall;
      return; // traffic since the last sweep: hits rotate the tables themselves
    }
    const now = this.lastNow + (wall - this.sweepSeenWall);
    for (const table of this.tables.values()) table.rotate(now);
  }
}

/** Policies with equal id, algorithm and window share a table (the id says which bucket). */
function tableId(policy: RateLimitPolicy): string {
  return policy.id;
}
