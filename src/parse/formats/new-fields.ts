// The fields object a format parser fills for one line.
import type { Fields } from '../../core/event.ts';

/**
 * A fresh, prototype-less fields object. Why: formats that set 20 or more keys per line (LEEF,
 * joined auditd events; stored with computed keys) push an ordinary `{}`
 * through a chain of hidden-class transitions until V8 gives up and converts it to a
 * dictionary by copying every property, on every line. An object without a prototype is a
 * dictionary from the start, so each store is one hash insert (about 20–25% less time per CEF
 * line, measured). Below about 20 keys the ordinary object is faster (a dictionary costs a few
 * hundred ns more to start; measured), so key=value, JSON and syslog events keep plain objects.
 * CEF and single auditd records go further: FieldsBuilder (field-shapes.ts) gives them
 * fast-mode objects from a remembered shape.
 * Consumers see an ordinary key/value object (`in`, `Object.entries`, `JSON.stringify` behave
 * the same); only `Object.prototype` methods such as `fields.hasOwnProperty` are absent.
 */
export function newFields(): Fields {
  return Object.create(null) as Fields;
}
