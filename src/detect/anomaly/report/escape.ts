// Escaping for the renderers: everything in a report that came from logs is untrusted text.

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Markdown: backslash-escape the characters that would start formatting or break a table. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+!|<>-]/g, '\\$&').replace(/\r?\n/g, ' ');
}
