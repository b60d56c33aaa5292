// Certificate authorities the harness trusts for one origin (target.ca, auth.ca): a deployment
// behind a private CA. Keyed by origin so every request to it — the probe's, a family's own
// probe, the readiness wait — trusts the same CA without each caller passing it along.
// Without an entry, Node's default store applies (which includes NODE_EXTRA_CA_CERTS).
const trusted = new Map<string, string>();

/** Trusts `pem` (one or more certificates) for the origin of `url`; returns the undo. */
export function trustCa(url: string, pem: string): () => void {
  const origin = new URL(url).origin;
  trusted.set(origin, pem);
  return () => {
    if (trusted.get(origin) === pem) trusted.delete(origin);
  };
}

/** The CA trusted for the origin of `url`, if one was registered. */
export function caFor(url: string): string | undefined {
  return trusted.get(new URL(url).origin);
}
