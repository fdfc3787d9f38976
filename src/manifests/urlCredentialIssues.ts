import type { SchemaIssue } from "./checkSchema";

/** `scheme://user[:password]@` at the start of a URL (anywhere in a string). */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/?#\s@]*)@/gi;

/** A string with the user:password@ part of every URL replaced by `***@`. */
export function hideUserinfo(text: string): string {
  return text.replace(USERINFO, "$1***@");
}

/**
 * Issues for every string of a manifest (at any depth) holding a URL with `user:password@`: credentials belong in
 * `~/.netrc` or the environment variables named by `access.auth`, never in a manifest that is printed, listed and
 * committed. The value shown in the issue has the credentials replaced by `***`.
 * @example urlCredentialIssues({ files: { urlTemplate: "https://u:p@host/x" } })[0].path; // "files.urlTemplate"
 */
export function urlCredentialIssues(value: unknown, path = ""): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const walk = (v: unknown, p: string): void => {
    if (typeof v === "string") {
      USERINFO.lastIndex = 0;
      if (USERINFO.test(v)) out.push({ path: p || "(root)", expected: "a URL without user:password@ (put credentials in ~/.netrc or the environment variables of access.auth)", got: JSON.stringify(hideUserinfo(v)) });
      USERINFO.lastIndex = 0;
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}[${i}]`));
    else if (v && typeof v === "object") for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], p ? `${p}.${k}` : k);
  };
  walk(value, path);
  return out;
}
