import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import type { Command } from 'commander';
import { formatTable, type Output, withServices } from './context.ts';

export function registerAuditCommand(program: Command, output: Output): void {
  const audit = program.command('audit').description('the tamper-evident audit log');

  audit
    .command('verify')
    .description('check the hash chain; exit 0 when intact, 1 naming the first broken entry')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      withServices(async (services) => {
        const result = await services.audit.verify();
        if (options.json) output.out(JSON.stringify(result));
        else if (result.firstBroken === null) output.out(`audit chain intact: ${result.entries} entries`);
        else output.out(`audit chain BROKEN at entry ${result.firstBroken.seq}: ${result.firstBroken.reason}`);
        if (!result.ok) process.exitCode = 1;
      }),
    );

  audit
    .command('list')
    .description('recent audit entries, newest first')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action((options: { limit: string; json?: boolean }) =>
      withServices(async (services) => {
        const entries = await services.audit.list(SYSTEM_PRINCIPAL, {
          limit: Math.max(1, Number(options.limit) || 50),
        });
        output.out(
          options.json
            ? JSON.stringify(entries, null, 2)
            : formatTable(entries, ['seq', 'at', 'actorName', 'action', 'targetType', 'targetId', 'departmentId']),
        );
      }),
    );
}
