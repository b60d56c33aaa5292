/** The harness could not get usable tokens from the identity provider: one line, nothing secret. */
export class IdpError extends Error {
  override name = 'IdpError';
}
