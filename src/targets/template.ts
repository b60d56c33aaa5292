// ${issuer.jwksUrl}-style placeholders in a target's url and env.
import net from 'node:net';

export type TemplateValues = Record<string, string>;

export function fillTemplate(text: string, values: TemplateValues, where: string): string {
  return text.replace(/\$\{([\w.]+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`${where}: unknown placeholder \${${name}} (known: ${Object.keys(values).map((k) => `\${${k}}`).join(', ')})`);
    return values[name];
  });
}

/** A port the OS says is free now. */
export function freePort(): Promise<number> {
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
