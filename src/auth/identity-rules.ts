// Rules that span auth and identities: what each profile needs from an identity. One problem,
// as [config path, what is wrong], or undefined.
import { credentialProblems, type CredentialedIdentity } from './settings.ts';

interface AuthShape {
  profile: 'jwks' | 'hs256' | 'oauth' | 'static';
}

interface IdentityShape extends CredentialedIdentity {
  subject?: string;
}

const CREDENTIALS = ['client', 'refreshToken', 'tokenCommand', 'token', 'tokenFile', 'scope'] as const;

export function identityProblem(auth: AuthShape, identities: IdentityShape[]): [path: string, problem: string] | undefined {
  if (auth.profile === 'jwks' || auth.profile === 'hs256') {
    for (const [n, id] of identities.entries()) {
      if (!id.subject) return [`identities[${n}].subject`, `is required for profile ${auth.profile} (the harness mints the tokens)`];
      const given = CREDENTIALS.find((k) => id[k] !== undefined);
      if (given) return [`identities[${n}].${given}`, `applies to profiles oauth and static only (profile ${auth.profile} mints its own tokens)`];
    }
    return undefined;
  }
  const [problem] = credentialProblems(auth.profile, identities);
  if (!problem) return undefined;
  const [path, ...rest] = problem.split(': ');
  return [path, rest.join(': ')];
}
