// ${issuer.jwksUrl}-style placeholders in a target's url and env.
import net from 'node:net';

export type TemplateValues = Record<string, string>;

export function fillTemplate(text: string, values: TemplateValues, where: string): string {
  return text.replace(/\$\{([\w.]+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`${where}: unknown placeholder \${${name}} (known: ${Object.keys(values).map((k) => `\${${k}}`).join(', ')})`);
    return values[name];
  });
}

/** Ports handed out lately, and when: a port is free until its server binds it, seconds later on a busy machine. */
const handedOut = new Map<number, number>();
const HANDED_OUT_MS = 60_000;

/**
 * A port the OS says is free now, and not one this process handed out in the last minute: between
 * freePort() and the target's own bind, a concurrent run in this process would otherwise get the
 * same port, and one run's checks would go to the other run's target.
 */
export async function freePort(): Promise<number> {
  const now = Date.now();
  for (const [port, at] of handedOut) if (now - at > HANDED_OUT_MS) handedOut.delete(port);
  for (let attempt = 0; ; attempt++) {
    const port = await osFreePort();
    if (!handedOut.has(port) || attempt >= 20) {
      handedOut.set(port, now);
      return port;
    }
  }
}

function osFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
