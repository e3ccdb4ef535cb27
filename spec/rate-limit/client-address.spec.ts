import { expect } from 'chai';
import { compileClientAddress, normaliseAddress } from '../../src/rate-limit/client-address';
import { RateLimitConfigError } from '../../src/rate-limit/errors';

describe('client address', () => {
  describe('without trustProxy', () => {
    const r = compileClientAddress();
    it('keys by the socket address and ignores X-Forwarded-For', () => {
      expect(r.resolve('203.0.113.5', '198.51.100.1')).to.equal('203.0.113.5');
    });
    it('normalises an IPv4-mapped socket address to plain IPv4', () => {
      expect(r.resolve('::ffff:203.0.113.5', undefined)).to.equal('203.0.113.5');
    });
    it('keys an IPv6 client by its /64', () => {
      expect(r.resolve('2001:db8:1:2:aaaa:bbbb:cccc:dddd', undefined)).to.equal('2001:db8:1:2::/64');
      expect(r.resolve('2001:db8:1:2::9', undefined)).to.equal('2001:db8:1:2::/64');
      expect(r.resolve('2001:db8:1:3::9', undefined)).to.equal('2001:db8:1:3::/64');
    });
    it('keeps an unknown address as given (inject has none)', () => {
      expect(r.resolve('', undefined)).to.equal('');
    });
  });

  describe('ipv6Subnet', () => {
    it('groups by the configured prefix length', () => {
      expect(normaliseAddress('2001:db8:1:2:3:4:5:6', 48)).to.equal('2001:db8:1::/48');
      expect(normaliseAddress('2001:db8:1:2:3:4:5:6', 56)).to.equal('2001:db8:1:0::/56');
      expect(normaliseAddress('2001:db8:1:2ff:3:4:5:6', 56)).to.equal('2001:db8:1:200::/56');
      expect(normaliseAddress('2001:db8::6', 128)).to.equal('2001:db8:0:0:0:0:0:6/128');
    });
    it('refuses a prefix outside 1..128 at bootstrap', () => {
      expect(() => compileClientAddress({ ipv6Subnet: 0 })).to.throw(RateLimitConfigError, /ipv6Subnet/);
      expect(() => compileClientAddress({ ipv6Subnet: 129 })).to.throw(RateLimitConfigError);
    });
  });

  describe('trustProxy as a hop count', () => {
    it('takes the right-most forwarded address behind one proxy', () => {
      const r = compileClientAddress({ trustProxy: 1 });
      expect(r.resolve('10.0.0.2', '198.51.100.7, 203.0.113.9')).to.equal('203.0.113.9');
    });
    it('walks two hops behind two proxies, ignoring what the client prepended', () => {
      const r = compileClientAddress({ trustProxy: 2 });
      expect(r.resolve('10.0.0.2', '6.6.6.6, 203.0.113.9, 10.0.0.1')).to.equal('203.0.113.9');
    });
    it('uses the socket address when no header came', () => {
      expect(compileClientAddress({ trustProxy: 1 }).resolve('10.0.0.2', undefined)).to.equal('10.0.0.2');
    });
    it('stops at the left-most entry when there are fewer entries than proxies', () => {
      expect(compileClientAddress({ trustProxy: 3 }).resolve('10.0.0.2', '203.0.113.9')).to.equal('203.0.113.9');
    });
    it('keeps the last good hop when a proxy forwarded garbage', () => {
      expect(compileClientAddress({ trustProxy: 2 }).resolve('10.0.0.2', 'evil, 10.0.0.1')).to.equal('10.0.0.1');
    });
    it('normalises forwarded IPv6 to its /64 and mapped IPv4 to IPv4', () => {
      const r = compileClientAddress({ trustProxy: 1 });
      expect(r.resolve('10.0.0.2', '2001:db8:a:b:1:2:3:4')).to.equal('2001:db8:a:b::/64');
      expect(r.resolve('10.0.0.2', '[2001:db8:a:b::1]')).to.equal('2001:db8:a:b::/64');
      expect(r.resolve('10.0.0.2', '::ffff:198.51.100.3')).to.equal('198.51.100.3');
    });
  });

  describe('X-Forwarded-For entries', () => {
    const one = compileClientAddress({ trustProxy: 1 });
    const list = compileClientAddress({ trustProxy: ['10.0.0.0/8'] });
    it('keys a forwarded IPv4 address that carries a port by the address alone', () => {
      expect(one.resolve('10.0.0.2', '198.51.100.7:5678')).to.equal('198.51.100.7');
    });
    it('gives one key to every port of one forwarded address', () => {
      expect(one.resolve('10.0.0.2', '198.51.100.7:1')).to.equal(one.resolve('10.0.0.2', '198.51.100.7:65535'));
    });
    it('keys a bracketed forwarded IPv6 address with a port by its /64', () => {
      expect(one.resolve('10.0.0.2', '[2001:db8:a:b::1]:443')).to.equal('2001:db8:a:b::/64');
    });
    it('strips a port from an entry when walking a trust list too', () => {
      expect(list.resolve('10.0.0.2', '6.6.6.6, 203.0.113.9:4711, 10.1.1.1:80')).to.equal('203.0.113.9');
    });
    it('treats a malformed port as garbage, keeping the last good hop', () => {
      for (const bad of ['198.51.100.7:', '198.51.100.7:65536', '198.51.100.7:8o', '[2001:db8::1]:', '[2001:db8::1', '[198.51.100.7]:80', 'unknown']) {
        expect(one.resolve('10.0.0.2', bad), bad).to.equal('10.0.0.2');
      }
    });
    it('skips empty list items instead of counting them as hops (RFC 9110 §5.6.1)', () => {
      expect(compileClientAddress({ trustProxy: 2 }).resolve('10.0.0.2', '6.6.6.6, 203.0.113.9, , 10.0.0.1')).to.equal('203.0.113.9');
    });
    it('skips a trailing empty item from an empty header line', () => {
      expect(one.resolve('10.0.0.2', '203.0.113.9, ')).to.equal('203.0.113.9');
    });
    it('skips empty list items when walking a trust list', () => {
      expect(list.resolve('10.0.0.2', '6.6.6.6, 203.0.113.9,, 10.1.1.1')).to.equal('203.0.113.9');
    });
    it('keys by the socket peer when the header holds only empty items', () => {
      expect(one.resolve('10.0.0.2', ' , ,')).to.equal('10.0.0.2');
    });
  });

  describe('trustProxy as a list', () => {
    const r = compileClientAddress({ trustProxy: ['10.0.0.0/8', '2001:db8:ffff::1'] });
    it('walks from the right past trusted proxies to the first untrusted address', () => {
      expect(r.resolve('10.0.0.2', '6.6.6.6, 203.0.113.9, 10.1.1.1')).to.equal('203.0.113.9');
    });
    it('ignores the header when the socket peer is not a trusted proxy', () => {
      expect(r.resolve('198.51.100.1', '203.0.113.9')).to.equal('198.51.100.1');
    });
    it('matches an IPv6 proxy address and an IPv4-mapped socket peer', () => {
      expect(r.resolve('2001:db8:ffff::1', '203.0.113.9')).to.equal('203.0.113.9');
      expect(r.resolve('::ffff:10.0.0.2', '203.0.113.9')).to.equal('203.0.113.9');
    });
    it('settles on the left-most entry when every hop is trusted', () => {
      expect(r.resolve('10.0.0.2', '10.0.0.3, 10.0.0.4')).to.equal('10.0.0.3');
    });
    it('accepts the loopback, linklocal and uniquelocal presets', () => {
      const p = compileClientAddress({ trustProxy: ['loopback', 'uniquelocal'] });
      expect(p.resolve('127.0.0.1', '192.168.0.5, 203.0.113.9')).to.equal('203.0.113.9');
      expect(p.resolve('::1', '203.0.113.9')).to.equal('203.0.113.9');
    });
    it('refuses an entry that is not an address, a block or a preset', () => {
      expect(() => compileClientAddress({ trustProxy: ['10.0.0.0/8', 'my-proxy'] })).to.throw(RateLimitConfigError, /"my-proxy"/);
    });
    it('reads a comma-separated string as a list, as Express does', () => {
      const p = compileClientAddress({ trustProxy: 'loopback, 10.0.0.0/8' });
      expect(p.resolve('10.0.0.2', '6.6.6.6, 203.0.113.9, 127.0.0.1')).to.equal('203.0.113.9');
    });
    it('refuses names inherited from Object.prototype as presets with a RateLimitConfigError', () => {
      for (const name of ['toString', '__proto__', 'constructor']) {
        expect(() => compileClientAddress({ trustProxy: [name] }), name).to.throw(RateLimitConfigError, /trustProxy entry/);
      }
    });
    it('refuses a list entry that is not a string with a RateLimitConfigError', () => {
      expect(() => compileClientAddress({ trustProxy: ['10.0.0.0/8', 10 as never] })).to.throw(RateLimitConfigError, /trustProxy entry 10 /);
    });
    it('refuses a trustProxy that is neither a boolean, a number, a string nor a list', () => {
      for (const bad of [{}, () => true, null]) {
        expect(() => compileClientAddress({ trustProxy: bad as never }), String(bad)).to.throw(RateLimitConfigError, /trustProxy/);
      }
    });
    it('says a hop count is a number when given one as a string', () => {
      expect(() => compileClientAddress({ trustProxy: '1' })).to.throw(RateLimitConfigError, /trustProxy: 1/);
    });
  });

  it('refuses trustProxy: true, which would let clients choose their key', () => {
    expect(() => compileClientAddress({ trustProxy: true })).to.throw(RateLimitConfigError, /choose its own key/);
  });
});
