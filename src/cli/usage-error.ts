/** A mistake in how the CLI was called: reported as one line, exit 2. */
export class UsageError extends Error {}
