// Target output is redacted a whole line at a time: a secret written in two pieces, or a line
// cut for length, leaves nothing of the secret behind (issue 15 item 1).
import { describe, expect, it } from 'vitest';
import { redactText } from '../report/redact.ts';
import { OutputLines } from './output-lines.ts';

const secret = 'Zx9-hs256_SecretValue-0123456789abcdefGHIJK';
const redact = (line: string) => redactText(line, [secret]);

describe('OutputLines', () => {
  it('a secret split across two writes is redacted whole', () => {
    const out = new OutputLines(redact);
    const stdout = out.source();
    stdout.push(`secret is ${secret.slice(0, 20)}`);
    expect(out.lines().join('\n')).not.toContain(secret.slice(0, 8)); // mid-line: the unfinished token is held back
    stdout.push(Buffer.from(`${secret.slice(20)} ok\nnext line\n`));
    expect(out.lines()).toEqual(['secret is <redacted> ok', 'next line']);
  });

  it('a multi-byte character split across writes survives', () => {
    const out = new OutputLines(redact);
    const s = out.source();
    const bytes = Buffer.from('grüße\n');
    s.push(bytes.subarray(0, 3));
    s.push(bytes.subarray(3));
    expect(out.lines()).toEqual(['grüße']);
  });

  it('stdout and stderr keep their own unfinished lines', () => {
    const out = new OutputLines(redact);
    const [a, b] = [out.source(), out.source()];
    a.push(secret.slice(0, 10));
    b.push('err: boom\n');
    a.push(`${secret.slice(10)}\n`);
    expect(out.lines()).toEqual(['err: boom', '<redacted>']);
  });

  it('a line too long is cut between token runs, and the rest of it dropped', () => {
    const out = new OutputLines(redact);
    const s = out.source();
    s.push(`${'word '.repeat(818)}${secret}${'x'.repeat(10_000)}`);
    s.push(`still the same line ${secret}\nnew line\n`);
    const lines = out.lines();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^word word .* … \[line cut\]$/);
    expect(lines.join('\n')).not.toContain(secret.slice(0, 8));
    expect(lines[1]).toBe('new line');
  });

  it('a program that dies in the middle of writing a secret leaves no piece of it', () => {
    const out = new OutputLines(redact);
    const s = out.source();
    s.push(`secret ${secret.slice(0, 20)}`);
    s.end();
    expect(out.lines()).toEqual(['secret ']);
  });

  it('keeps the last 200 lines, and a last line without newline once the stream ends', () => {
    const out = new OutputLines(redact);
    const s = out.source();
    for (let i = 0; i < 250; i++) s.push(`line ${i}\n`);
    s.push('the end!');
    s.end();
    const lines = out.lines();
    expect(lines).toHaveLength(200);
    expect(lines.at(0)).toBe('line 51');
    expect(lines.at(-1)).toBe('the end!');
  });
});
