import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError, SYSTEM_PRINCIPAL } from '@citysoc/core';
import type { Command } from 'commander';
import { type Output, withServices } from './context.ts';

export function registerReportCommand(program: Command, output: Output): void {
  const report = program.command('report').description('reports for the governance board');
  report
    .command('monthly')
    .description('the monthly governance report: incidents, SLA compliance, MTTD/MTTR trend, ATT&CK techniques')
    .option('--month <YYYY-MM>', 'the month (default: the current month)')
    .option('--out <file>', 'write the report to FILE.pdf or FILE.html; without it, print the JSON')
    .action((options: { month?: string; out?: string }) => {
      const extension = options.out === undefined ? null : path.extname(options.out).toLowerCase();
      // The format follows the file name, so `--out march.pdf` cannot silently hold HTML. Checked before the
      // store is opened: a typo should not wait for it.
      if (extension !== null && extension !== '.pdf' && extension !== '.html' && extension !== '.htm') {
        throw new InputError(`--out must name a .pdf or .html file, not '${options.out ?? ''}'`);
      }
      return withServices(async (services) => {
        const request = options.month === undefined ? {} : { month: options.month };
        const { monthlyReports } = services;
        if (options.out === undefined) {
          output.out(JSON.stringify(await monthlyReports.monthly(SYSTEM_PRINCIPAL, request)));
          return;
        }
        const file =
          extension === '.pdf'
            ? await monthlyReports.monthlyPdf(SYSTEM_PRINCIPAL, request)
            : await monthlyReports.monthlyHtml(SYSTEM_PRINCIPAL, request);
        writeFileSync(options.out, file.body);
        output.err(`Wrote ${options.out}`);
      });
    });
}
