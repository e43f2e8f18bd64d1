// Webhook delivery: the report model as JSON, or a Slack-compatible message (incoming
// webhooks of Slack, Mattermost and Rocket.Chat take `{ text, blocks }`).
import type { HourlyReport } from '../report/report-model.ts';
import type { WebhookNotifierConfig } from './notifier-config.ts';
import { subjectOf, topScore, type Notifier } from './notifier.ts';

/** Slack's mrkdwn needs only &, < and > escaped. */
function slackEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function slackMessage(report: HourlyReport): { text: string; blocks: unknown[] } {
  const lines = report.topEntities
    .slice(0, 5)
    .map((e) => `• *${e.score.toFixed(0)} ${e.band}* \`${slackEscape(`${e.entity.type}:${e.entity.value}`)}\`: ${slackEscape(e.findings[0]?.reason ?? '')}`);
  const summary = `${report.events} events (baseline ${report.expectedEvents}), ${report.newTemplates.length} new template(s), ${report.rateSpikes.length} spike(s), ${report.silences.length} silence(s), ${report.l1.total} rule alert(s)`;
  return {
    text: subjectOf(report),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: subjectOf(report).slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: lines.length ? lines.join('\n') : 'Nothing unusual.' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: slackEscape(summary) }] },
    ],
  };
}

export function webhookNotifier(config: WebhookNotifierConfig): Notifier {
  return {
    name: `webhook:${new URL(config.url).origin}`,
    async send(report) {
      if (topScore(report) < config.minScore) return;
      const body = config.format === 'slack' ? slackMessage(report) : report;
      const res = await fetch(config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...config.headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      if (!res.ok) throw new Error(`webhook ${new URL(config.url).origin} answered ${res.status} ${res.statusText}`);
    },
  };
}
