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
 * A port that is free now, and not one this process handed out in the last minute: between
 * freePort() and the target's own bind, a concurrent run in this process would otherwise get the
 * same port, and one run's checks would go to the other run's target.
 *
 * Picked below the kernel's ephemeral range (32768–60999 on Linux): a port in that range, freed
 * until the target binds it, can meanwhile become the source port of any outgoing connection on
 * the machine (every HTTP request makes one), and the target then fails to start or, worse, the
 * run reaches someone else's server. Below it, only another listener can take the port.
 */
export async function freePort(): Promise<number> {
  const now = Date.now();
  for (const [port, at] of handedOut) if (now - at > HANDED_OUT_MS) handedOut.delete(port);
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (handedOut.has(port) || !(await isFree(port))) continue;
    handedOut.set(port, now);
    return port;
  }
  throw new Error(`no free port found between ${LOW} and ${HIGH} after 50 tries`);
}

const LOW = 20_000;
const HIGH = 32_768;

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
