import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import type { Command } from 'commander';
import { formatTable, type Output, withServices } from './context.ts';

export function registerPostureCommand(program: Command, output: Output): void {
  program
    .command('posture')
    .description('security posture: scores per direction (city, departments) and the open gaps')
    .option('--department <id>', 'only this department')
    .option('--json', 'print JSON: {"city": {"score", "directions"}, "departments", "services", "gaps"}')
    .action((options: { department?: string; json?: boolean }) =>
      withServices(async (services) => {
        // Evaluated now, on the evidence in the store, so the answer does not depend on a server running.
        await services.posture.evaluate();
        const report = await services.posture.report(SYSTEM_PRINCIPAL, {
          ...(options.department !== undefined && { department: options.department }),
        });
        if (options.json) {
          output.out(JSON.stringify(report));
          return;
        }
        const row = (scope: string, s: typeof report.city) => ({ scope, score: s.score ?? '-', ...s.directions });
        output.out(
          formatTable(
            [row('city', report.city), ...report.departments.map((d) => row(d.id, d))],
            ['scope', 'score', 'physical', 'system', 'network', 'data_application', 'management'],
          ),
        );
        output.out('');
        output.out(
          formatTable(
            report.gaps.map((g) => ({ ...g, target: g.target.id })),
            ['control', 'target', 'department', 'status', 'since', 'reason'],
          ),
        );
      }),
    );
}
