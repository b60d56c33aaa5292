import { describe, expect, it } from 'vitest';
import { isLoopbackHost, urlHost } from './loopback.ts';

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])(
    'accepts %s',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  );
  it.each(['0.0.0.0', '::', '10.0.0.1', '192.168.1.1', 'example.com', 'localhost.evil.example', '', '128.0.0.1'])(
    'refuses %s',
    (host) => expect(isLoopbackHost(host)).toBe(false),
  );
  it('brackets IPv6 for URLs', () => {
    expect(urlHost('::1')).toBe('[::1]');
    expect(urlHost('127.0.0.1')).toBe('127.0.0.1');
  });
});
