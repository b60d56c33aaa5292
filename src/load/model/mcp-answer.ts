// Reading an MCP answer (JSON or SSE): the JSON-RPC response to a request, and the caller a
// tool's result names. Pure, shared by the k6 scripts and Node.
import { parseMessages, type JsonRpcMessage } from '../../../src/probe/messages.ts';
import { readPath } from '../../../src/runner/read-path.ts';

/** The JSON-RPC response with this id in a JSON or SSE body, if there is one. */
export function answerFor(contentType: string, body: string, id: number): JsonRpcMessage | undefined {
  return parseMessages(contentType, body).find((m) => m.id === id);
}

/** A tool result's data: structuredContent, else its first text content parsed as JSON. */
export function toolData(answer: JsonRpcMessage | undefined): unknown {
  const result = answer?.result;
  if (!result || result.isError === true) return undefined;
  if (result.structuredContent !== undefined) return result.structuredContent;
  const content = Array.isArray(result.content) ? (result.content as { type?: string; text?: string }[]) : [];
  const text = content.find((c) => c.type === 'text')?.text;
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The subject the identity oracle's answer names (e.g. whoami → `sub`), as a string. */
export function subjectOf(answer: JsonRpcMessage | undefined, subjectPath: string): string | undefined {
  const value = readPath(toolData(answer), subjectPath);
  return value === undefined || value === null ? undefined : String(value);
}

/** HTTP 2xx with a JSON-RPC result that is not a tool error. */
export function succeeded(status: number, answer: JsonRpcMessage | undefined): boolean {
  return status >= 200 && status < 300 && answer?.result !== undefined && answer.result.isError !== true;
}
