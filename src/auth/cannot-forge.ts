// Thrown by a forge asked for what its profile cannot make (a token re-signed with chosen claims
// under oauth/static, a JWT mutation of an opaque token): the check is skipped with `reason`.
export class CannotForge extends Error {
  override name = 'CannotForge';
  readonly reason: string;

  constructor(reason: string) {
    super(reason);
    this.reason = reason;
  }
}

export const RESIGN_REASON = "needs a token re-signed with chosen claims; the IdP's private key is not the harness's (profile oauth/static)";
export const OPAQUE_REASON = "the IdP's access tokens are opaque (not JWTs), so there is no JWT to mutate";
