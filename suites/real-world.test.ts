// The real-world corpus (fixtures/real-world): servers built on the auth libraries teams use, each
// run through the whole catalogue and held to its hand-verified expected.yaml. The longest first.
import { execFileSync } from 'node:child_process';
import { corpusSuite } from './support/real-world-corpus.ts';

const debianPython = () => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import fastapi, jwt, uvicorn'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return '/usr/bin/python3 lacks fastapi, jwt or uvicorn (apt-get install python3-fastapi python3-jwt python3-uvicorn)';
  }
};

corpusSuite([
  { name: 'fastmcp' },
  { name: 'mcp-framework' },
  { name: 'mcp-auth' },
  { name: 'mcp-handler' },
  { name: 'hono-mcp' },
  { name: 'sdk-v1' },
  { name: 'sdk-v2' },
  { name: 'python-fastapi', missing: debianPython },
]);
