import { expect } from 'chai';
import fc from 'fast-check';
import { isIP } from 'node:net';
import { cidrContains, formatIPv4, parseCidr, parseIPv4, parseIPv6, parseIp } from '../../src/rate-limit/ip';

describe('ip parsing', () => {
  it('parses dotted-quad IPv4 and refuses near misses', () => {
    expect(parseIPv4('1.2.3.4')).to.equal(0x01020304);
    expect(parseIPv4('255.255.255.255')).to.equal(0xffffffff);
    for (const bad of ['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1..2.3', '01.2.3.4', '1.2.3.4 ', 'a.b.c.d', '1.2.3.-4']) {
      expect(parseIPv4(bad), bad).to.equal(-1);
    }
  });

  it('agrees with node:net isIP on which strings are addresses', () => {
    const v6ish = fc.array(fc.constantFrom('0', '1', 'a', 'F', 'ffff', '12345', ':', '::', '.', '1.2.3.4', '%eth0', 'g'), { maxLength: 12 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), v6ish, fc.string()), (s) => {
        if (s.startsWith('[')) return; // we also accept the bracketed form proxies write
        expect(parseIp(s) !== null, s).to.equal(isIP(s) !== 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('expands :: and an embedded IPv4, and drops a zone index', () => {
    expect([...parseIPv6('2001:db8::1')!]).to.deep.equal([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
    expect([...parseIPv6('::')!]).to.deep.equal([0, 0, 0, 0, 0, 0, 0, 0]);
    expect([...parseIPv6('1::')!]).to.deep.equal([1, 0, 0, 0, 0, 0, 0, 0]);
    expect([...parseIPv6('64:ff9b::192.0.2.33')!]).to.deep.equal([0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x0221]);
    expect([...parseIPv6('fe80::1%eth0')!]).to.deep.equal([0xfe80, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('unwraps an IPv4-mapped IPv6 address to the IPv4 it carries', () => {
    expect(parseIp('::ffff:10.1.2.3')).to.deep.equal({ family: 4, v4: 0x0a010203 });
    expect(parseIp('::ffff:a01:203')).to.deep.equal({ family: 4, v4: 0x0a010203 });
    expect(formatIPv4(0x0a010203)).to.equal('10.1.2.3');
  });

  it('matches CIDR blocks of both families, mapped addresses as IPv4', () => {
    const ten = parseCidr('10.0.0.0/8')!;
    expect(cidrContains(ten, parseIp('10.255.1.2')!)).to.equal(true);
    expect(cidrContains(ten, parseIp('::ffff:10.9.9.9')!)).to.equal(true);
    expect(cidrContains(ten, parseIp('11.0.0.1')!)).to.equal(false);
    const ula = parseCidr('fc00::/7')!;
    expect(cidrContains(ula, parseIp('fd12:3456::1')!)).to.equal(true);
    expect(cidrContains(ula, parseIp('fe80::1')!)).to.equal(false);
    expect(cidrContains(parseCidr('192.168.1.7')!, parseIp('192.168.1.7')!)).to.equal(true);
    expect(cidrContains(parseCidr('0.0.0.0/0')!, parseIp('8.8.8.8')!)).to.equal(true);
    expect(cidrContains(parseCidr('::ffff:10.0.0.0/104')!, parseIp('10.1.1.1')!)).to.equal(true);
  });

  it('matches IPv4 against an IPv6 block that covers the IPv4-mapped range ::ffff:0:0/96', () => {
    // an IPv4 client is the IPv6 address ::ffff:a.b.c.d (RFC 4291 §2.5.5.2), as proxy-addr has it
    expect(cidrContains(parseCidr('::/0')!, parseIp('8.8.8.8')!)).to.equal(true);
    expect(cidrContains(parseCidr('::/80')!, parseIp('8.8.8.8')!)).to.equal(true);
    expect(cidrContains(parseCidr('::ffff:0:0/95')!, parseIp('8.8.8.8')!)).to.equal(true);
  });

  it('keeps IPv4 out of IPv6 blocks that do not cover the IPv4-mapped range', () => {
    for (const block of ['::1/128', '::/96', '64:ff9b::/96', 'fc00::/7', '::/81', '0:0:0:0:0:fffe::/96']) {
      expect(cidrContains(parseCidr(block)!, parseIp('8.8.8.8')!), block).to.equal(false);
    }
  });

  it('refuses malformed CIDR blocks', () => {
    for (const bad of ['10.0.0.0/33', '10.0.0.0/', '10.0.0.0/a', 'fc00::/129', 'host', '10.0.0.0/8/8']) expect(parseCidr(bad), bad).to.equal(null);
  });
});
