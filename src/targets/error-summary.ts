// One line out of a docker or compose error: the line that says what went wrong (they put it last).
export function errorSummary(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.trim().split('\n').map((l) => l.trim()).filter(Boolean).at(-1) ?? message;
}
