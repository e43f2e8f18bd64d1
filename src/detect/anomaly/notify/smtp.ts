// E-mail over SMTP (nodemailer): the HTML report as the body, Markdown as the text part,
// the JSON attached for tools.
import nodemailer from 'nodemailer';
import { renderHtml } from '../report/render-html.ts';
import { renderMarkdown } from '../report/render-markdown.ts';
import type { SmtpNotifierConfig } from './notifier-config.ts';
import { subjectOf, topScore, type Notifier } from './notifier.ts';

export function smtpNotifier(config: SmtpNotifierConfig): Notifier {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: config.requireTls,
    ...(config.auth ? { auth: config.auth } : {}),
  });
  return {
    name: `smtp:${config.host}:${config.port}`,
    async send(report) {
      if (topScore(report) < config.minScore) return;
      await transport.sendMail({
        from: config.from,
        to: config.to,
        subject: subjectOf(report),
        text: renderMarkdown(report),
        html: renderHtml(report),
        attachments: [{ filename: `report-${report.tenant}-${report.start}.json`, content: JSON.stringify(report), contentType: 'application/json' }],
      });
    },
  };
}
