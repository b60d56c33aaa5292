// A window cut from a long text before redaction never keeps part of a token run.
import { expect, it } from 'vitest';
import { safeHead } from './safe-head.ts';

it('keeps short text whole', () => {
  expect(safeHead('abc', 8)).toBe('abc');
});

it('cuts between runs as asked', () => {
  expect(safeHead('abc def ghi', 4)).toBe('abc ');
  expect(safeHead('abc def ghi', 3)).toBe('abc');
});

it('drops the run the cut would split: no prefix of a secret straddling the cut survives', () => {
  const secret = 'Zx9-hs256_SecretValue-0123456789abcdefGHIJK';
  const text = `${'x '.repeat(190)}"token":"${secret}" and more`;
  const cut = safeHead(text, 400);
  expect(cut.endsWith('"token":"')).toBe(true);
  expect(cut).not.toContain(secret.slice(0, 4));
});

it('a text that is one long run yields nothing', () => {
  expect(safeHead('a'.repeat(1000), 400)).toBe('');
});
