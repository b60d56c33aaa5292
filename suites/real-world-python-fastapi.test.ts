// The real-world corpus: fixtures/real-world/python-fastapi (Debian's FastAPI, PyJWT and uvicorn)
// against its expected.yaml. Without those packages it skips loudly, and fails under CI=true.
import { execFileSync } from 'node:child_process';
import { corpusSuite } from './support/real-world-corpus.ts';

corpusSuite('python-fastapi', {
  requires: () => {
    try {
      execFileSync('/usr/bin/python3', ['-c', 'import fastapi, jwt, uvicorn'], { stdio: 'ignore' });
      return undefined;
    } catch {
      return '/usr/bin/python3 lacks fastapi, jwt or uvicorn (apt-get install python3-fastapi python3-jwt python3-uvicorn)';
    }
  },
});
