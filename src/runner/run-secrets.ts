// Every secret of a run as one list that grows while the run goes on: the issuer's HS256 secret
// and every token the forge has minted so far. Evidence, target logs and reports are redacted
// against it live, so a token is known from the moment it exists (redact.ts keeps this cheap).
export function runSecrets(fixed: readonly string[], minted: () => ReadonlySet<string> | undefined): () => string[] {
  const list = [...fixed];
  let taken = 0;
  return () => {
    const tokens = minted();
    if (tokens && tokens.size > taken) {
      let i = 0;
      for (const token of tokens) if (i++ >= taken) list.push(token);
      taken = tokens.size;
    }
    return list;
  };
}
