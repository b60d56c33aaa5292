import { describe, expect, it } from 'vitest';
import { redirectUriMatches, redirectUriProblem } from './redirect-uri.ts';

describe('redirectUriProblem', () => {
  it.each([
    'https://app.example/callback',
    'http://127.0.0.1/callback',
    'http://127.0.0.1:3000/callback',
    'http://[::1]:3000/cb',
    'http://localhost:8090/callback',
    'com.example.app:/oauth2redirect',
  ])('accepts %s', (uri) => {
    expect(redirectUriProblem(uri)).toBeUndefined();
  });

  it.each([
    ['http://app.example/callback', /loopback/],
    ['https://app.example/cb#frag', /fragment/],
    ['/relative', /absolute/],
    ['javascript:alert(1)', /not allowed/],
    ['data:text/html,hi', /not allowed/],
    [42, /absolute/],
  ])('refuses %s', (uri, message) => {
    expect(redirectUriProblem(uri)).toMatch(message);
  });
});

describe('redirectUriMatches', () => {
  it('compares strings exactly', () => {
    expect(redirectUriMatches('https://app.example/cb', 'https://app.example/cb')).toBe(true);
    expect(redirectUriMatches('https://app.example/cb', 'https://app.example/cb/')).toBe(false);
    expect(redirectUriMatches('https://app.example/cb', 'https://APP.example/cb')).toBe(false);
    expect(redirectUriMatches('https://app.example/cb', 'https://app.example/cb?x=1')).toBe(false);
    expect(redirectUriMatches('https://app.example:443/cb', 'https://app.example:8443/cb')).toBe(false);
  });

  it('lets the port of a loopback IP literal vary, nothing else', () => {
    expect(redirectUriMatches('http://127.0.0.1/cb', 'http://127.0.0.1:49152/cb')).toBe(true);
    expect(redirectUriMatches('http://127.0.0.1:3000/cb', 'http://127.0.0.1:49152/cb')).toBe(true);
    expect(redirectUriMatches('http://[::1]/cb', 'http://[::1]:49152/cb')).toBe(true);
    expect(redirectUriMatches('http://127.0.0.1/cb', 'http://127.0.0.1:49152/cb/')).toBe(false);
    expect(redirectUriMatches('http://127.0.0.1/cb', 'http://127.0.0.1:49152/x/../cb')).toBe(false);
    expect(redirectUriMatches('http://127.0.0.1/cb', 'http://127.0.0.2:49152/cb')).toBe(false);
    expect(redirectUriMatches('http://localhost/cb', 'http://localhost:49152/cb')).toBe(false);
    expect(redirectUriMatches('http://127.0.0.1/cb', 'http://user@127.0.0.1:49152/cb')).toBe(false);
  });
});
