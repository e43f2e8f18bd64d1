// The shape of a declarative parser definition (one item of a `config/parsers/*.yaml` file or a
// tenant's `parsers/*.yaml`). zod checks it, so a bad definition is reported with its reason.
import { z } from 'zod';

/** Event field names: dotted ECS-style (`source.ip`, `@timestamp`, `aws.cloudtrail.x`). */
const fieldName = z.string().regex(/^[A-Za-z_@][A-Za-z0-9_@.-]*$/, 'a field name such as source.ip');

export const parserDefSchema = z
  .object({
    /** Unique id: a tenant definition with the name of a global parser (built-in or YAML) replaces it. */
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'a name of letters, digits, "_", "." and "-"'),
    description: z.string().optional(),
    /** Syslog program(s) whose message the pattern reads (after the header); `*` for any program.
     *  Without it, the pattern reads the whole line. */
    program: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    /** Cheap prefilter: the text (line, or message with `program`) must start with this. */
    prefix: z.string().min(1).optional(),
    /** Cheap prefilter: the text must contain this. */
    contains: z.string().min(1).optional(),
    /** RE2 syntax (linear time) with named groups `(?P<name>…)`; a group maps to the field of the
     *  same name with `__` read as `.` (`source__ip` → source.ip) unless `fields` says otherwise. */
    pattern: z.string().min(1).optional(),
    /** Template form: `Accepted password for <user.name> from <source.ip> port <source.port>`; each
     *  `<field>` captures one token, or the rest of the text when it ends the template; `<*>`
     *  matches a token without keeping it; `\<` is a literal `<`. */
    template: z.string().min(1).optional(),
    /** Capture group name → field name. */
    fields: z.record(z.string(), fieldName).optional(),
    /** Constant fields set on every match (e.g. `event.action: ssh_login`). */
    set: z.record(fieldName, z.union([z.string(), z.number(), z.boolean()])).optional(),
    /** Higher first, within a layer. */
    priority: z.number().int().default(0),
  })
  .strict()
  .refine((d) => (d.pattern === undefined) !== (d.template === undefined), { message: 'give exactly one of "pattern" or "template"' });

export type ParserDef = z.infer<typeof parserDefSchema>;

/** A parser file: a list of definitions, or `{ parsers: [...], disabled: [names] }`. */
export const parserFileSchema = z
  .object({
    parsers: z.array(z.unknown()).default([]),
    /** Names of parsers (from any earlier layer) this layer switches off. */
    disabled: z.array(z.string()).default([]),
  })
  .strict();
