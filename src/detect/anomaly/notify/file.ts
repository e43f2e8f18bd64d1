// File delivery: the report rendered in each configured format into a folder, one file per
// tenant, window and format; written to a temporary name then renamed, so a reader never
// sees half a report.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertTenant } from '../../../core/layers.ts';
import { REPORT_FORMATS } from '../report/render.ts';
import type { FileNotifierConfig } from './notifier-config.ts';
import type { Notifier } from './notifier.ts';

export function reportFileName(tenant: string, start: number, extension: string): string {
  return `${assertTenant(tenant)}-${new Date(start).toISOString().slice(0, 13)}.${extension}`;
}

export function fileNotifier(config: FileNotifierConfig): Notifier {
  return {
    name: `file:${config.dir}`,
    async send(report) {
      await mkdir(config.dir, { recursive: true });
      for (const format of config.formats) {
        const f = REPORT_FORMATS[format];
        const path = join(config.dir, reportFileName(report.tenant, report.start, f.extension));
        await writeFile(`${path}.tmp`, f.render(report));
        await rename(`${path}.tmp`, path);
      }
    },
  };
}
