import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../check.ts';
import { toJUnit } from './junit.ts';
import { sampleReport, sampleResult } from './sample-report.ts';

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** A strict little XML reader: throws on anything not well-formed, which is the point. */
function parseXml(xml: string): XmlElement {
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(xml)) throw new Error('character not allowed in XML 1.0');
  const entity = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
  const decode = (s: string) => {
    if (/[<]|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s)) throw new Error(`unescaped markup in ${JSON.stringify(s)}`);
    return s.replace(entity, (e) =>
      ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" })[e] ?? String.fromCodePoint(Number(e.startsWith('&#x') ? `0x${e.slice(3, -1)}` : e.slice(2, -1))),
    );
  };
  const body = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"]*")*)\s*(\/?)>/y;
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [root];
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const text = body.slice(i, lt === -1 ? body.length : lt);
    stack.at(-1)!.text += decode(text);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(body);
    if (!m) throw new Error(`malformed tag at ${lt}: ${body.slice(lt, lt + 40)}`);
    const [, closing, name, rawAttrs, selfClosing] = m;
    if (closing) {
      if (stack.pop()!.name !== name) throw new Error(`mismatched </${name}>`);
    } else {
      const attrs: Record<string, string> = {};
      for (const [, k, v] of rawAttrs!.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
        if (k! in attrs) throw new Error(`duplicate attribute ${k}`);
        attrs[k!] = decode(v!);
      }
      const el: XmlElement = { name: name!, attrs, children: [], text: '' };
      stack.at(-1)!.children.push(el);
      if (!selfClosing) stack.push(el);
    }
    i = tag.lastIndex;
  }
  if (stack.length !== 1 || root.children.length !== 1) throw new Error('unbalanced document');
  return root.children[0]!;
}

const child = (el: XmlElement, name: string) => el.children.find((c) => c.name === name);

const mixed: CheckResult[] = [
  sampleResult({ id: 'headers.none', family: 'headers', title: 'No token → 401', status: 'pass', durationMs: 5 }),
  sampleResult({
    id: 'claims.aud.missing',
    title: 'Token without aud is refused',
    status: 'fail',
    reason: 'accepted with 200 <ok> & "fine"',
    evidence: { exchanges: [{ request: 'POST /mcp (Authorization: Bearer <token:no-aud>)', status: 200, headers: { 'content-type': 'application/json' }, body: '{"result":{}}' }], note: 'saw 200' },
  }),
  sampleResult({ id: 'claims.iss.foreign', status: 'error', reason: 'timeout after 5000 ms', evidence: { exchanges: [{ request: 'POST /mcp', error: 'ETIMEDOUT' }] } }),
  sampleResult({ id: 'claims.nbf.future', status: 'warn', reason: 'nbf not enforced' }),
  sampleResult({ id: 'signature.hs256.weak', family: 'signature', status: 'skip', reason: 'needs hs256' }),
  sampleResult({ id: 'claims.exp.string', status: 'fail', baselined: true, reason: 'string exp accepted' }),
];

describe('parseXml (the test oracle)', () => {
  it.each(['<a>x & y</a>', '<a b="<"/>', '<a><b></a></b>', '<a>\u0000</a>', '<a b=c/>', '<a/><b/>'])('rejects %s', (xml) => {
    expect(() => parseXml(xml)).toThrow();
  });
});

describe('toJUnit', () => {
  it('writes one suite per family, in the order the families ran, with counts that add up', () => {
    const doc = parseXml(toJUnit(sampleReport(mixed)));
    expect(doc.name).toBe('testsuites');
    expect(doc.attrs).toMatchObject({ name: 'mcp-auth-harness', tests: '6', failures: '1', errors: '1', skipped: '2', time: '1.234' });
    const suites = doc.children.map((s) => [s.attrs.name, s.attrs.tests, s.attrs.failures, s.attrs.errors, s.attrs.skipped]);
    expect(suites).toEqual([
      ['headers', '1', '0', '0', '0'],
      ['claims', '4', '1', '1', '1'],
      ['signature', '1', '0', '0', '1'],
    ]);
  });

  it('names cases family / "id — title" and renders each status', () => {
    const claims = parseXml(toJUnit(sampleReport(mixed))).children[1]!;
    const byId = (id: string) => claims.children.find((c) => c.attrs.name!.startsWith(`${id} — `))!;
    expect(byId('claims.aud.missing').attrs).toMatchObject({ classname: 'claims', name: 'claims.aud.missing — Token without aud is refused', time: '0.012' });

    const failure = child(byId('claims.aud.missing'), 'failure')!;
    expect(failure.attrs).toEqual({ message: 'accepted with 200 <ok> & "fine"', type: 'high' });
    expect(failure.text).toContain('> POST /mcp (Authorization: Bearer <token:no-aud>)\n< 200\n< content-type: application/json\n{"result":{}}');
    expect(failure.text).toContain('note: saw 200');

    expect(child(byId('claims.iss.foreign'), 'error')!.text).toContain('! ETIMEDOUT');
    expect(child(byId('claims.nbf.future'), 'system-out')!.text).toMatch(/^warning: nbf not enforced/);
    expect(byId('claims.nbf.future').children.map((c) => c.name)).toEqual(['system-out']);
    expect(child(byId('claims.exp.string'), 'skipped')!.attrs.message).toBe('known failure (baselined): string exp accepted');
    expect(parseXml(toJUnit(sampleReport(mixed))).children[2]!.children[0]!.children[0]!.attrs).toEqual({ message: 'needs hs256' });
  });

  it('escapes markup, quotes and control characters', () => {
    const nasty = 'a < b && c > "d" \'e\' \u0000\u0007\u001b\uffff \ud800 tab\tline\nend ]]>';
    const xml = toJUnit(sampleReport([sampleResult({ title: nasty, status: 'fail', reason: nasty, evidence: { note: nasty } })]));
    const failure = parseXml(xml).children[0]!.children[0]!.children[0]!;
    const expected = 'a < b && c > "d" \'e\' \\u0000\\u0007\\u001b\\uffff \ufffd tab\tline\nend ]]>';
    expect(failure.attrs.message).toBe(expected);
    expect(failure.text).toContain(`note: ${expected}`);
    expect(xml).not.toContain('\u0000');
  });

  it('splits suites per revision when several ran', () => {
    const results = [sampleResult({ revision: '2025-06-18' }), sampleResult({ revision: '2025-11-25', status: 'fail', reason: 'x' })];
    const doc = parseXml(toJUnit(sampleReport(results)));
    expect(doc.children.map((s) => s.attrs.name)).toEqual(['claims [2025-06-18]', 'claims [2025-11-25]']);
    expect(doc.children[1]!.children[0]!.attrs.name).toBe('claims.exp.expired — An expired token is refused with 401 invalid_token [2025-11-25]');
  });

  it('fails a stale baseline entry, as the exit code does', () => {
    const report = sampleReport([sampleResult()], { baseline: { file: 'known.yaml', stillFailing: [], nowPassing: ['claims.exp.expired@2025-11-25'] } });
    const suite = parseXml(toJUnit(report)).children.at(-1)!;
    expect(suite.attrs).toMatchObject({ name: 'baseline', tests: '1', failures: '1' });
    expect(child(suite.children[0]!, 'failure')!.attrs.message).toBe('claims.exp.expired@2025-11-25 no longer fails: remove it from the baseline known.yaml');
  });

  it('caps evidence bodies', () => {
    const body = 'x'.repeat(50_000);
    const xml = toJUnit(sampleReport([sampleResult({ status: 'fail', reason: 'r', evidence: { exchanges: [{ request: 'GET /', status: 200, body }] } })]));
    expect(xml.length).toBeLessThan(5_000);
    expect(xml).toContain('… [+48000 chars]');
  });

  it('writes an empty but valid document when nothing ran', () => {
    expect(parseXml(toJUnit(sampleReport([]))).attrs.tests).toBe('0');
  });
});
