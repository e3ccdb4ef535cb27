/**
 * A latency histogram in the HdrHistogram manner: log-linear buckets over integer values
 * (microseconds here), fixed memory, O(1) record, no per-sample storage.
 *
 * Layout: values below 2·SUB (256) each have their own bucket, so they are exact. Above
 * that, every power-of-two range [2^k, 2^(k+1)) is cut into SUB (128) equal buckets, so a
 * recorded value is known to within 1/128 (< 0.8 %) of itself — the same guarantee as an
 * HdrHistogram with two significant digits, in 3 328 counters (26 KiB) whatever the run.
 */

/** Linear sub-buckets per power-of-two range; 2^SUB_BITS. */
const SUB_BITS = 7;
const SUB = 1 << SUB_BITS;
/** Values at or above this are clamped: 2^32 − 1 µs is 71 minutes, far past any timeout. */
export const HISTOGRAM_MAX_VALUE = 0xffff_ffff;
/** index of HISTOGRAM_MAX_VALUE + 1 = (32 − SUB_BITS − 1)·SUB + 2·SUB. */
const BUCKETS = (32 - SUB_BITS - 1) * SUB + 2 * SUB;

/** The bucket a value falls in. Exported for the spec that checks the layout is contiguous. */
export function bucketIndex(value: number): number {
  if (value < 2 * SUB) return value;
  // Math.clz32 is one instruction; it is why values are kept below 2^32.
  const shift = 32 - Math.clz32(value) - (SUB_BITS + 1);
  return shift * SUB + (value >>> shift);
}

/** The highest value that lands in bucket `index` (the HdrHistogram "highest equivalent"). */
export function bucketHighest(index: number): number {
  if (index < 2 * SUB) return index;
  const shift = Math.floor(index / SUB) - 1;
  const mantissa = index - shift * SUB;
  return (mantissa + 1) * 2 ** shift - 1;
}

export class Histogram {
  private readonly counts = new Float64Array(BUCKETS);
  private total = 0;
  private sum = 0;
  private minValue = Infinity;
  private maxValue = 0;

  /** Record one value; negatives count as 0, fractions are truncated, huge values clamped. */
  record(value: number): void {
    let v = value > 0 ? Math.floor(value) : 0;
    if (v > HISTOGRAM_MAX_VALUE) v = HISTOGRAM_MAX_VALUE;
    this.counts[bucketIndex(v)]++;
    this.total++;
    this.sum += v;
    if (v < this.minValue) this.minValue = v;
    if (v > this.maxValue) this.maxValue = v;
  }

  get count(): number {
    return this.total;
  }
  get min(): number {
    return this.total === 0 ? 0 : this.minValue;
  }
  get max(): number {
    return this.maxValue;
  }
  get mean(): number {
    return this.total === 0 ? 0 : this.sum / this.total;
  }

  /**
   * The value at percentile `p` (0–100]: the smallest recorded value v such that at least
   * p % of the samples are ≤ v — reported as its bucket's highest value, capped at the
   * recorded maximum, so it is never below the true value and at most 1/128 above it.
   * `p` is read to a ten-thousandth of a percent.
   */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    // The rank ⌈p/100 · total⌉ in integers: in floating point (99.9 / 100) · 1000 is
    // 999.0000000000001, whose ceiling made p99.9 of 1 000 samples the maximum. The product
    // is exact below 2^53, i.e. for up to 9·10^9 samples; an exact quotient stays exact.
    const millionths = Math.round(Math.min(100, Math.max(0, p)) * 10_000);
    const rank = Math.max(1, Math.ceil((millionths * this.total) / 1_000_000));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(bucketHighest(i), this.maxValue);
    }
    return this.maxValue;
  }

  /** Add another histogram's samples (e.g. from another worker) to this one. */
  merge(other: Histogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i] += other.counts[i];
    this.total += other.total;
    this.sum += other.sum;
    if (other.total > 0) {
      if (other.minValue < this.minValue) this.minValue = other.minValue;
      if (other.maxValue > this.maxValue) this.maxValue = other.maxValue;
    }
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.sum = 0;
    this.minValue = Infinity;
    this.maxValue = 0;
  }
}
