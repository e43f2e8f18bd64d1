// The report renderers by format name.
import { renderHtml } from './render-html.ts';
import { renderMarkdown } from './render-markdown.ts';
import type { HourlyReport } from './report-model.ts';

export const REPORT_FORMATS = {
  html: { extension: 'html', contentType: 'text/html; charset=utf-8', render: renderHtml },
  md: { extension: 'md', contentType: 'text/markdown; charset=utf-8', render: renderMarkdown },
  json: { extension: 'json', contentType: 'application/json', render: (r: HourlyReport) => `${JSON.stringify(r, null, 2)}\n` },
} as const;

export type ReportFormat = keyof typeof REPORT_FORMATS;

export function isReportFormat(s: string): s is ReportFormat {
  return Object.hasOwn(REPORT_FORMATS, s);
}

export function renderReport(r: HourlyReport, format: ReportFormat): string {
  return REPORT_FORMATS[format].render(r);
}
