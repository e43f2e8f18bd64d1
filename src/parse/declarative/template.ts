// The template form of a declarative parser, and the bridge from the template miner: a learned
// template with `<*>` slots becomes a parser YAML whose slots are named fields.
import { RE2JS } from 're2js';
import { stringify } from 'yaml';

export interface CompiledTemplate {
  /** RE2 pattern (anchored at both ends). */
  pattern: string;
  /** Capture group name → field name. */
  fields: Record<string, string>;
}

const SLOT_NAME = /^(\*|[A-Za-z_@][A-Za-z0-9_@.-]*)$/;

/** Splits a template into literal text and `<slot>`s (`\<` is a literal `<`). */
export function templateParts(template: string): { literal: boolean; text: string }[] {
  const parts: { literal: boolean; text: string }[] = [];
  let lit = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i] as string;
    if (c === '\\' && template[i + 1] === '<') {
      lit += '<';
      i += 2;
      continue;
    }
    if (c === '<') {
      const close = template.indexOf('>', i + 1);
      const name = close > 0 ? template.slice(i + 1, close) : '';
      if (SLOT_NAME.test(name)) {
        if (lit) parts.push({ literal: true, text: lit });
        lit = '';
        parts.push({ literal: false, text: name });
        i = close + 1;
        continue;
      }
    }
    lit += c;
    i++;
  }
  if (lit) parts.push({ literal: true, text: lit });
  return parts;
}

/** Compiles a template to an anchored RE2 pattern: runs of spaces match any whitespace run, a slot
 *  one token (`\S+`), or everything left (`.*`) when it ends the template. */
export function compileTemplate(template: string): CompiledTemplate {
  const parts = templateParts(template);
  let pattern = '^';
  const fields: Record<string, string> = {};
  parts.forEach((p, k) => {
    if (p.literal) {
      pattern += p.text
        .split(/(\s+)/)
        .map((s) => (s.length > 0 && s.trim() === '' ? '\\s+' : RE2JS.quote(s)))
        .join('');
      return;
    }
    const last = k === parts.length - 1;
    const body = last ? '.*' : '\\S+';
    if (p.text === '*') pattern += `(?:${body})`;
    else {
      const group = `s${k}`;
      fields[group] = p.text;
      pattern += `(?P<${group}>${body})`;
    }
  });
  return { pattern: `${pattern}$`, fields };
}

export interface TemplateYamlOptions {
  /** Syslog program(s) the template reads the message of (when mined from syslog messages). */
  program?: string | string[];
  /** Constant fields (e.g. event.action) to set on every match. */
  set?: Record<string, string | number | boolean>;
  priority?: number;
  description?: string;
}

/** Turns a mined template (`<*>` per parameter) into declarative-parser YAML text: the i-th `<*>`
 *  becomes `<slotFieldNames[i]>`; an empty or `*` name leaves that slot unnamed. Used by
 *  `templates promote`. Throws when the counts differ or the result does not compile. */
export function templateToParserYaml(name: string, templateText: string, slotFieldNames: readonly string[], options: TemplateYamlOptions = {}): string {
  const pieces = templateText.split('<*>');
  if (pieces.length - 1 !== slotFieldNames.length) {
    throw new Error(`template has ${pieces.length - 1} <*> slot(s) but ${slotFieldNames.length} field name(s) were given`);
  }
  let template = '';
  pieces.forEach((piece, k) => {
    template += piece.replace(/</g, '\\<');
    if (k < slotFieldNames.length) {
      const f = slotFieldNames[k] ?? '';
      if (f && f !== '*' && !SLOT_NAME.test(f)) throw new Error(`invalid field name ${JSON.stringify(f)} for slot ${k + 1}`);
      template += `<${f || '*'}>`;
    }
  });
  compileTemplate(template); // fails here rather than when the YAML is loaded
  const def: Record<string, unknown> = { name };
  if (options.description) def.description = options.description;
  if (options.program) def.program = options.program;
  def.template = template;
  if (options.set) def.set = options.set;
  if (options.priority !== undefined) def.priority = options.priority;
  return stringify({ parsers: [def] });
}
