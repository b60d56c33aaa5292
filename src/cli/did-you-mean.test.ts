import { expect, it } from 'vitest';
import { didYouMean } from './did-you-mean.ts';

const FLAWS = ['accept-alg-none', 'accept-expired', 'no-prm', 'trust-query-identity'];

it('finds a known name that contains the mistyped one, the shortest first', () => {
  expect(didYouMean('alg-none', FLAWS)).toBe('accept-alg-none');
  expect(didYouMean('EXPIRED', FLAWS)).toBe('accept-expired');
});

it('finds a close typo', () => {
  expect(didYouMean('trust-querry-identity', FLAWS)).toBe('trust-query-identity');
  expect(didYouMean('heders', ['headers', 'signature'])).toBe('headers');
});

it('suggests nothing for a name far from every known one', () => {
  expect(didYouMean('frobnicate', FLAWS)).toBeUndefined();
  expect(didYouMean('', FLAWS)).toBeUndefined();
});
