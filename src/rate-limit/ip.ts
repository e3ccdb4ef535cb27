/**
 * IP address parsing and CIDR matching, pure functions without regular expressions (they run
 * per request when a proxy is trusted). IPv4 is a uint32; IPv6 is eight 16-bit groups.
 */

/** Dotted-quad IPv4 → uint32, or -1 when `s[from, to)` is not exactly four decimal octets. */
export function parseIPv4(s: string, from = 0, to = s.length): number {
  let value = 0;
  let parts = 0;
  let octet = -1;
  let digits = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      // a leading zero would be octal in some parsers; refuse the ambiguity ("010")
      if (digits === 1 && octet === 0) return -1;
      octet = (octet < 0 ? 0 : octet * 10) + (c - 48);
      if (octet > 255 || ++digits > 3) return -1;
    } else if (c === 46 /* . */) {
      if (octet < 0 || parts === 3) return -1;
      value = value * 256 + octet;
      parts++;
      octet = -1;
      digits = 0;
    } else return -1;
  }
  if (octet < 0 || parts !== 3) return -1;
  return value * 256 + octet;
}

/** Zone id after '%' (RFC 6874), as node:net accepts it: one or more of [0-9A-Za-z.:-]. */
function isZoneId(s: string, from: number): boolean {
  if (from >= s.length) return false;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 48 && c <= 58) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46;
    if (!ok) return false;
  }
  return true;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * RFC 4291 §2.2 text form → eight groups, or null. Accepts `::` compression, a trailing dotted
 * IPv4 (`::ffff:1.2.3.4`), and drops a zone index (`fe80::1%eth0`, RFC 6874).
 */
export function parseIPv6(s: string): Uint16Array | null {
  let end = s.indexOf('%');
  if (end < 0) end = s.length;
  else if (!isZoneId(s, end + 1)) return null;
  if (end < 2) return null;
  const head: number[] = [];
  const tail: number[] = [];
  let groups = head;
  let seenDouble = false;
  let i = 0;
  if (s.charCodeAt(0) === 58 /* : */) {
    if (s.charCodeAt(1) !== 58) return null;
    seenDouble = true;
    groups = tail;
    i = 2;
    if (i === end) return new Uint16Array(8);
  }
  while (i < end) {
    // find the end of this group
    let j = i;
    let value = 0;
    let isV4 = false;
    while (j < end) {
      const c = s.charCodeAt(j);
      if (c === 58) break;
      if (c === 46) { isV4 = true; break; }
      const h = hexValue(c);
      if (h < 0 || j - i >= 4) return null;
      value = value * 16 + h;
      j++;
    }
    if (isV4) {
      const v4 = parseIPv4(s, i, end);
      if (v4 < 0) return null;
      groups.push(Math.floor(v4 / 65536), v4 % 65536);
      i = end;
      break;
    }
    if (j === i) return null; // empty group (":::" or a trailing single ':')
    groups.push(value);
    if (j === end) { i = end; break; }
    // s[j] is ':'
    if (s.charCodeAt(j + 1) === 58) {
      if (seenDouble) return null;
      seenDouble = true;
      groups = tail;
      i = j + 2;
      if (i === end) break;
    } else {
      i = j + 1;
      if (i === end) return null;
    }
  }
  const count = head.length + tail.length;
  if (seenDouble ? count > 7 : count !== 8) return null;
  const out = new Uint16Array(8);
  for (let k = 0; k < head.length; k++) out[k] = head[k];
  for (let k = 0; k < tail.length; k++) out[8 - tail.length + k] = tail[k];
  return out;
}

/** A parsed address: IPv4 (also the unwrapped form of an IPv4-mapped IPv6) or IPv6. */
export type ParsedIp = { family: 4; v4: number } | { family: 6; v6: Uint16Array };

/** Parses either family; `::ffff:a.b.c.d` (RFC 4291 §2.5.5.2) becomes the IPv4 it carries. */
export function parseIp(s: string): ParsedIp | null {
  if (s.indexOf(':') < 0) {
    const v4 = parseIPv4(s);
    return v4 < 0 ? null : { family: 4, v4 };
  }
  let text = s;
  // "[::1]" as some proxies write it in X-Forwarded-For
  if (text.charCodeAt(0) === 91 /* [ */ && text.charCodeAt(text.length - 1) === 93) text = text.slice(1, -1);
  const v6 = parseIPv6(text);
  if (!v6) return null;
  if (isV4Mapped(v6)) return { family: 4, v4: v6[6] * 65536 + v6[7] };
  return { family: 6, v6 };
}

function isV4Mapped(g: Uint16Array): boolean {
  return g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff;
}

export function formatIPv4(v4: number): string {
  return `${Math.floor(v4 / 16777216)}.${Math.floor(v4 / 65536) % 256}.${Math.floor(v4 / 256) % 256}.${v4 % 256}`;
}

/** A CIDR block: `10.0.0.0/8`, `fd00::/8`, or a single address (full-length prefix). */
export interface Cidr {
  readonly family: 4 | 6;
  readonly bits: number;
  /** IPv4: the network as uint32 (masked); IPv6: the masked groups. */
  readonly v4: number;
  readonly v6: Uint16Array;
  /**
   * IPv6 only: the block covers all of ::ffff:0:0/96, so it holds every IPv4 address — an IPv4
   * client *is* the IPv6 address ::ffff:a.b.c.d (RFC 4291 §2.5.5.2), which parseIp unwraps.
   * (A block of more than 96 bits inside that range is parsed as an IPv4 block instead.)
   */
  readonly coversV4: boolean;
}

export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!ip) return null;
  const max = ip.family === 4 ? 32 : 128;
  let bits = max;
  if (slash >= 0) {
    const b = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(b)) return null;
    bits = Number(b);
    if (ip.family === 4 && text.indexOf(':') >= 0) {
      // a mapped form like ::ffff:10.0.0.0/104 is the IPv4 block /8; one of 96 bits or fewer
      // (::ffff:0:0/95) is an IPv6 block around the whole mapped range
      if (bits < 96) return v6Block(mappedGroups(ip.v4), bits);
      bits -= 96;
    }
    if (bits < 0 || bits > max) return null;
  }
  if (ip.family === 4) return { family: 4, bits, v4: maskV4(ip.v4, bits), v6: EMPTY_V6, coversV4: false };
  return v6Block(ip.v6, bits);
}

function v6Block(groups: Uint16Array, bits: number): Cidr {
  const v6 = maskV6(groups, bits);
  const mapped = maskV6(MAPPED_PREFIX, bits);
  let coversV4 = bits <= 96;
  for (let k = 0; k < 8 && coversV4; k++) if (v6[k] !== mapped[k]) coversV4 = false;
  return { family: 6, bits, v4: 0, v6, coversV4 };
}

function mappedGroups(v4: number): Uint16Array {
  const g = MAPPED_PREFIX.slice();
  g[6] = Math.floor(v4 / 65536);
  g[7] = v4 % 65536;
  return g;
}

const EMPTY_V6 = new Uint16Array(8);
/** ::ffff:0:0, the IPv4-mapped prefix (RFC 4291 §2.5.5.2). */
const MAPPED_PREFIX = Uint16Array.of(0, 0, 0, 0, 0, 0xffff, 0, 0);

export function maskV4(v4: number, bits: number): number {
  if (bits <= 0) return 0;
  if (bits >= 32) return v4;
  const size = 2 ** (32 - bits);
  return v4 - (v4 % size);
}

export function maskV6(g: Uint16Array, bits: number): Uint16Array {
  const out = new Uint16Array(8);
  for (let k = 0; k < 8; k++) {
    const keep = bits - k * 16;
    if (keep >= 16) out[k] = g[k];
    else if (keep > 0) out[k] = g[k] & (0xffff << (16 - keep));
  }
  return out;
}

export function cidrContains(block: Cidr, ip: ParsedIp): boolean {
  if (block.family !== ip.family) return ip.family === 4 && block.coversV4;
  if (ip.family === 4) return maskV4(ip.v4, block.bits) === block.v4;
  const m = maskV6(ip.v6, block.bits);
  for (let k = 0; k < 8; k++) if (m[k] !== block.v6[k]) return false;
  return true;
}
