// Only for the flaw `shared-request-id-routing`: HTTP requests waiting for their answer are found
// by JSON-RPC id in one table for the whole process, as frameworks do that share one transport
// between sessions. Real clients each count ids from 0 or 1, so concurrent callers collide: an
// answer goes to the newest request waiting on its id, which may be another user's.
import { jsonRpcIdOf } from '../http/peek-body.ts';

const TOOL_IO_MS = 25;

type Deliver = (answer: Response | Error) => void;

const waiting = new Map<string, Deliver[]>();

export async function routedByRequestId(body: unknown, produce: () => Promise<Response>): Promise<Response> {
  const id = jsonRpcIdOf(body);
  if (id === null) return produce();
  const key = JSON.stringify(id);
  const own = new Promise<Response | Error>((resolve) => {
    const queue = waiting.get(key) ?? [];
    queue.push(resolve);
    waiting.set(key, queue);
  });
  // Stands in for the tool's own I/O: real requests stay in flight a while, so concurrent ones overlap.
  await new Promise((resume) => setTimeout(resume, TOOL_IO_MS));
  const answer = await produce().catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  // Every request adds one waiter before it takes one, so the queue is never empty here.
  const queue = waiting.get(key)!;
  const deliver = queue.pop()!;
  if (queue.length === 0) waiting.delete(key);
  deliver(answer);
  const mine = await own;
  if (mine instanceof Error) throw mine;
  return mine;
}
