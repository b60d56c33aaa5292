/** A config or argument the harness cannot run with; the message is one line naming the setting. */
export class ConfigError extends Error {}
