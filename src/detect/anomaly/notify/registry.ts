// Notifiers by configured type; delivering to all reports each failure without stopping the others.
import { errorMessage } from '../../../core/errors.ts';
import type { HourlyReport } from '../report/report-model.ts';
import { fileNotifier } from './file.ts';
import { NotifierConfigSchema, type NotifierConfig } from './notifier-config.ts';
import type { Notifier } from './notifier.ts';
import { smtpNotifier } from './smtp.ts';
import { webhookNotifier } from './webhook.ts';

export function createNotifier(input: unknown): Notifier {
  const config: NotifierConfig = NotifierConfigSchema.parse(input);
  switch (config.type) {
    case 'smtp':
      return smtpNotifier(config);
    case 'webhook':
      return webhookNotifier(config);
    case 'file':
      return fileNotifier(config);
  }
}

export async function deliver(report: HourlyReport, notifiers: readonly Notifier[]): Promise<{ notifier: string; error?: string }[]> {
  return Promise.all(
    notifiers.map(async (n) => {
      try {
        await n.send(report);
        return { notifier: n.name };
      } catch (err) {
        return { notifier: n.name, error: errorMessage(err) };
      }
    }),
  );
}
