/**
 * Which client a request comes from, as the rate-limit key: the socket's peer address, or —
 * only when the operator says which proxies to trust — the address those proxies forwarded in
 * `X-Forwarded-For`, walked from the right (the right-most entries were appended by our own
 * proxies; everything left of the first untrusted hop was written by the client and is ignored).
 *
 * Keys are normalised so one client cannot appear as many: `::ffff:1.2.3.4` is `1.2.3.4`, and an
 * IPv6 client is keyed by its /64 (one customer's allocation, RFC 6177) — otherwise any host with
 * an IPv6 prefix could rotate through 2^64 addresses and never be limited.
 */
import { cidrContains, formatIPv4, maskV6, parseCidr, parseIPv4, parseIp, type Cidr, type ParsedIp } from './ip';
import { RateLimitConfigError } from './errors';

/**
 * `false`/undefined: forwarded headers are ignored. A number n: there are exactly n proxies in
 * front of us (the client is n hops from the socket). A list (or a comma-separated string):
 * addresses / CIDR blocks of our proxies, or the presets 'loopback', 'linklocal', 'uniquelocal'
 * (private ranges).
 */
export type TrustProxy = boolean | number | string | readonly string[];

const PRESETS: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

export interface ClientAddressOptions {
  trustProxy?: TrustProxy;
  /** prefix length IPv6 clients are grouped by (default 64; 128 = each address alone). */
  ipv6Subnet?: number;
}

/** Compiled once at bootstrap; `resolve` runs per request. */
export interface ClientAddressResolver {
  /** `forwardedFor`: the X-Forwarded-For values joined with ',' (undefined when absent). */
  resolve(remoteAddress: string, forwardedFor: string | undefined): string;
}

export function compileClientAddress(options: ClientAddressOptions = {}): ClientAddressResolver {
  const subnet = options.ipv6Subnet ?? 64;
  if (!Number.isInteger(subnet) || subnet < 1 || subnet > 128) {
    throw new RateLimitConfigError(`ipv6Subnet must be an integer 1..128, got ${String(options.ipv6Subnet)}`);
  }
  const trust = options.trustProxy;
  const normalise = (ip: ParsedIp): string => normaliseParsed(ip, subnet);
  const key = (addr: string): string => normaliseAddress(addr, subnet);

  if (trust === undefined || trust === false || trust === 0) {
    return { resolve: (remote) => key(remote) };
  }
  if (trust === true) {
    throw new RateLimitConfigError(
      'trustProxy: true would let any client choose its own key by sending X-Forwarded-For; ' +
        'give the number of proxies in front of the app (e.g. 1) or their addresses / CIDR blocks',
    );
  }
  if (typeof trust === 'number') {
    if (!Number.isInteger(trust) || trust < 0) {
      throw new RateLimitConfigError(`trustProxy must be a whole number of hops or a list of addresses, got ${trust}`);
    }
    // The socket peer is hop 0 and is our proxy when trust >= 1; the client is hop `trust`.
    return {
      resolve(remote, xff) {
        if (xff === undefined) return key(remote);
        let last = remote;
        let end = xff.length;
        let hop = 0;
        // end <= 0: fewer entries than proxies, the left-most one is the best we know
        while (hop < trust && end > 0) {
          const comma = xff.lastIndexOf(',', end - 1);
          const entry = forwardedText(xff, comma + 1, end);
          end = comma;
          if (entry === '') continue; // an empty list member is no hop (RFC 9110 §5.6.1)
          if (entry === null || !isAddress(entry)) break; // garbage where a proxy should have written an address: keep the last good hop
          last = entry;
          hop++;
        }
        return key(last);
      },
    };
  }
  if (typeof trust !== 'string' && !Array.isArray(trust)) {
    throw new RateLimitConfigError(
      `trustProxy must be a number of hops, an address / CIDR block / preset or a list of them, got ${describe(trust)}`,
    );
  }
  // a string may list several, comma-separated, as Express's 'trust proxy' setting reads it
  const blocks = compileTrustList(typeof trust === 'string' ? trust.split(',') : trust);
  const trusted = (ip: ParsedIp): boolean => {
    for (let k = 0; k < blocks.length; k++) if (cidrContains(blocks[k], ip)) return true;
    return false;
  };
  return {
    resolve(remote, xff) {
      let current = parseIp(remote);
      if (!current || xff === undefined) return key(remote);
      let text = remote;
      let end = xff.length;
      // Walk right to left while the hop that told us is one of our proxies.
      while (end > 0 && trusted(current)) {
        const comma = xff.lastIndexOf(',', end - 1);
        const entry = forwardedText(xff, comma + 1, end);
        end = comma;
        if (entry === '') continue; // an empty list member is no hop (RFC 9110 §5.6.1)
        const ip = entry === null ? null : parseIp(entry);
        if (!ip) break;
        current = ip;
        text = entry!;
      }
      // a plain dotted quad is already its own key; only IPv6 needs masking and formatting
      return text.indexOf(':') < 0 ? text : normalise(current);
    },
  };
}

function compileTrustList(list: readonly string[]): Cidr[] {
  const out: Cidr[] = [];
  for (const entry of list) {
    // own keys only: 'toString' or '__proto__' are not presets
    if (typeof entry === 'string' && Object.hasOwn(PRESETS, entry.trim())) {
      for (const p of PRESETS[entry.trim()]) out.push(parseCidr(p)!);
      continue;
    }
    const block = typeof entry === 'string' ? parseCidr(entry.trim()) : null;
    if (!block) {
      const hint = typeof entry === 'string' && /^\s*\d+\s*$/.test(entry) ? ` (a hop count is a number: trustProxy: ${entry.trim()})` : '';
      throw new RateLimitConfigError(
        `trustProxy entry ${describe(entry)} is not an IP address, a CIDR block (10.0.0.0/8) or one of ${Object.keys(PRESETS).join(', ')}${hint}`,
      );
    }
    out.push(block);
  }
  return out;
}

function describe(value: unknown): string {
  return typeof value === 'function' ? 'a function' : (JSON.stringify(value) ?? String(value));
}

/** A valid address of either family, checked without building its parsed form when IPv4. */
function isAddress(text: string): boolean {
  return text.indexOf(':') < 0 ? parseIPv4(text) >= 0 : parseIp(text) !== null;
}

/**
 * One X-Forwarded-For list member `s[from, to)` as address text, without its surrounding
 * whitespace (OWS) and without a port: '' when the member is empty — RFC 9110 §5.6.1 says a
 * recipient ignores empty list members, and `Request.header` joins several header lines with
 * ', ', so an empty line leaves one behind — or null when it cannot be an address.
 *
 * Some proxies write the client's port too (Azure Application Gateway: `203.0.113.9:4711`,
 * `[2001:db8::1]:4711`; the node syntax of RFC 7239 §6). Refusing such an entry would stop the
 * walk at the proxy and key every client by it; keeping the port would give one client a key
 * per source port. So the port is dropped: an IPv4 address followed by `:port`, or a bracketed
 * IPv6 address optionally followed by `:port`. An unbracketed IPv6 address keeps all its groups
 * (`2001:db8::1:80` is an address), and brackets around IPv4 are not an address form.
 */
function forwardedText(s: string, from: number, to: number): string | null {
  while (from < to && (s.charCodeAt(from) === 32 || s.charCodeAt(from) === 9)) from++;
  while (to > from && (s.charCodeAt(to - 1) === 32 || s.charCodeAt(to - 1) === 9)) to--;
  if (from === to) return '';
  if (s.charCodeAt(from) === 91 /* [ */) {
    const close = s.indexOf(']', from);
    if (close < 0 || close >= to) return null;
    if (close + 1 < to && !(s.charCodeAt(close + 1) === 58 && isPort(s, close + 2, to))) return null;
    const inner = s.slice(from + 1, close);
    return inner.indexOf(':') < 0 ? null : inner;
  }
  const colon = s.indexOf(':', from);
  if (colon < 0 || colon >= to) return s.slice(from, to);
  const second = s.indexOf(':', colon + 1);
  if (second >= 0 && second < to) return s.slice(from, to); // IPv6 (an address has at least two colons)
  return isPort(s, colon + 1, to) && parseIPv4(s, from, colon) >= 0 ? s.slice(from, colon) : null;
}

/** `s[from, to)` is a TCP port: 1 to 5 digits, at most 65535. */
function isPort(s: string, from: number, to: number): boolean {
  if (to <= from || to - from > 5) return false;
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
    value = value * 10 + (c - 48);
  }
  return value <= 65535;
}

/**
 * The key for one address. IPv4 (the common case) returns the string untouched without parsing;
 * IPv4-mapped IPv6 is unwrapped; IPv6 is masked to `subnet` bits. Unparseable → as given.
 */
export function normaliseAddress(addr: string, subnet = 64): string {
  if (addr.indexOf(':') < 0) return addr;
  // A dual-stack listener ('::') sees every IPv4 client as ::ffff:a.b.c.d: unwrap it without
  // building the eight groups (this runs per request).
  if (addr.startsWith('::ffff:') && parseIPv4(addr, 7) >= 0) return addr.slice(7);
  const ip = parseIp(addr);
  return ip ? normaliseParsed(ip, subnet) : addr;
}

function normaliseParsed(ip: ParsedIp, subnet: number): string {
  if (ip.family === 4) return formatIPv4(ip.v4);
  const g = maskV6(ip.v6, subnet);
  const shown = Math.ceil(subnet / 16);
  let out = g[0].toString(16);
  for (let k = 1; k < shown; k++) out += ':' + g[k].toString(16);
  return shown < 8 ? `${out}::/${subnet}` : `${out}/${subnet}`;
}
