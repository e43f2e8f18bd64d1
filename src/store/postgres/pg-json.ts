// JSON text for PostgreSQL parameters. PostgreSQL's text and jsonb cannot hold the NUL
// character (a raw line of binary garbage may): the batch would fail on every redelivery.
// NUL becomes U+FFFD, the replacement character the framer already uses for invalid bytes.

/** `\u0000` escapes preceded by an even number of backslashes (so a literal backslash
 *  followed by "u0000" in the text is left alone). */
const NUL_ESCAPE = /(?<!\\)((?:\\\\)*)\\u0000/g;

export function pgJson(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes('\\u0000') ? json.replace(NUL_ESCAPE, '$1\\ufffd') : json;
}
