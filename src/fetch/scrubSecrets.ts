/**
 * Text safe to print: every secret replaced by `***`, in each form it can travel in — as is, URL-encoded, and,
 * for user:password pairs, the base64 of `user:password` that HTTP Basic authentication sends (a server or
 * proxy that echoes the Authorization header would otherwise print it); and, whatever the secrets,
 * `Authorization: Basic …`/`Bearer …` values and the `user:password@` part of URLs.
 *
 * @param text a message, progress line or manifest text
 * @param secrets `{ values, pairs }`: raw secrets (passwords, tokens) and Basic-auth `[user, password]` pairs
 * @example
 * scrubSecrets("401 Unauthorized (Basic dTpzM2NyZXQ=)", { values: ["s3cret"], pairs: [["u", "s3cret"]] }); // "401 Unauthorized (Basic ***)"
 */
export function scrubSecrets(text: string, secrets: { values?: readonly string[]; pairs?: ReadonlyArray<readonly [string, string]> } = {}): string {
  const forms = new Set<string>();
  const add = (s: string) => {
    if (s.length < 3) return;
    forms.add(s);
    forms.add(encodeURIComponent(s));
    const b64 = Buffer.from(s, "utf8").toString("base64");
    forms.add(b64);
    forms.add(b64.replace(/=+$/, ""));
  };
  for (const v of secrets.values ?? []) add(v);
  for (const [user, password] of secrets.pairs ?? []) add(`${user}:${password}`);
  // longest first, so a secret inside another is not left half-replaced
  let out = String(text);
  for (const f of [...forms].sort((a, b) => b.length - a.length)) out = out.split(f).join("***");
  out = out.replace(/\b(Basic|Bearer)\s+[A-Za-z0-9._~+/=-]{4,}/g, "$1 ***");
  out = out.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/?#\s@]+@/gi, "$1***@");
  return out;
}
