// Only for the flaw `trust-forwarded-host`: the public URL rebuilt from what the request says about
// itself (Host, X-Forwarded-Host/-Proto, Forwarded), as frameworks do that make "absolute URLs from
// the request". A client sets all of them; the compliant server uses its configured resource.
import type { ReferenceConfig } from '../config.ts';
import { hasFlaw as flaw } from '../flaws.ts';

/** The resource identity this request is answered with: the configured one, or (the flaw) the request's. */
export function resourceFor(request: Request, config: ReferenceConfig): ReferenceConfig {
  if (!flaw('trust-forwarded-host')) return config;
  const forwarded = parseForwarded(request.headers.get('forwarded'));
  const url = new URL(request.url); // its host is the Host header
  const proto = forwarded.proto ?? first(request.headers.get('x-forwarded-proto')) ?? url.protocol.slice(0, -1);
  const host = forwarded.host ?? first(request.headers.get('x-forwarded-host')) ?? url.host;
  const origin = `${proto}://${host}`;
  const configured = new URL(config.resource);
  const metadata = new URL(config.resourceMetadataUrl);
  return { ...config, resource: origin + configured.pathname, resourceMetadataUrl: origin + metadata.pathname };
}

function first(list: string | null): string | undefined {
  return list?.split(',')[0]?.trim() || undefined;
}

/** RFC 7239: the first element's host= and proto=. */
function parseForwarded(header: string | null): { host?: string; proto?: string } {
  const element = header?.split(',')[0] ?? '';
  const out: { host?: string; proto?: string } = {};
  for (const pair of element.split(';')) {
    const [name, value] = pair.split('=').map((s) => s?.trim());
    if (!value) continue;
    const unquoted = value.replace(/^"|"$/g, '');
    if (name?.toLowerCase() === 'host') out.host = unquoted;
    if (name?.toLowerCase() === 'proto') out.proto = unquoted;
  }
  return out;
}
