// Typed configuration of the report notifiers (the schema is the documentation).
import { z } from 'zod';

const formats = z.array(z.enum(['html', 'md', 'json'])).min(1);

export const SmtpNotifierSchema = z.object({
  type: z.literal('smtp'),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(587),
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  /** Refuse to send unless the connection is encrypted (STARTTLS required). */
  requireTls: z.boolean().default(false),
  auth: z.object({ user: z.string(), pass: z.string() }).optional(),
  from: z.string().min(3),
  to: z.array(z.string().min(3)).min(1),
  /** Only mail a report whose top entity reaches this score (0 mails every report). */
  minScore: z.number().min(0).max(100).default(0),
});

export const WebhookNotifierSchema = z.object({
  type: z.literal('webhook'),
  url: z.url(),
  /** `json`: the report model; `slack`: a Slack-compatible `{ text, blocks }` message. */
  format: z.enum(['json', 'slack']).default('json'),
  headers: z.record(z.string(), z.string()).default({}),
  timeoutMs: z.number().int().min(100).default(10_000),
  minScore: z.number().min(0).max(100).default(0),
});

export const FileNotifierSchema = z.object({
  type: z.literal('file'),
  dir: z.string().min(1),
  formats: formats.default(['html', 'md', 'json']),
});

export const NotifierConfigSchema = z.discriminatedUnion('type', [SmtpNotifierSchema, WebhookNotifierSchema, FileNotifierSchema]);
export type NotifierConfig = z.infer<typeof NotifierConfigSchema>;
export type SmtpNotifierConfig = z.infer<typeof SmtpNotifierSchema>;
export type WebhookNotifierConfig = z.infer<typeof WebhookNotifierSchema>;
export type FileNotifierConfig = z.infer<typeof FileNotifierSchema>;
