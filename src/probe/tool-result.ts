// What a tools/call answered: its structured content, else its first text content parsed as JSON.
import type { McpResponse } from './probe.ts';

export function toolData(r: McpResponse): unknown {
  const result = (r.answer ?? r.messages[0])?.result;
  if (!result) return undefined;
  if (result.structuredContent !== undefined) return result.structuredContent;
  const content = Array.isArray(result.content) ? (result.content as unknown[]) : [];
  const text = content.find((c): c is { type: 'text'; text: unknown } => !!c && typeof c === 'object' && (c as { type?: unknown }).type === 'text')?.text;
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** HTTP 2xx carrying a JSON-RPC error or a tool result with isError: refused, but in-band. */
export function refusedInBand(r: McpResponse): boolean {
  if (r.status < 200 || r.status >= 300) return false;
  const answer = r.answer ?? r.messages[0];
  return answer?.error !== undefined || answer?.result?.isError === true;
}
