import { ImpactRequest, SYSTEM_PRINCIPAL } from '@citysoc/core';
import type { Command } from 'commander';
import { formatTable, type Output, withServices } from './context.ts';
import { parseInput } from './parse-input.ts';

export function registerImpactCommand(program: Command, output: Output): void {
  program
    .command('impact')
    .description('what-if: services and residents affected if assets go offline, are isolated, compromised or restored')
    .requiredOption('--asset <id>', 'an asset (repeat for several)', (id: string, ids: string[]) => [...ids, id], [])
    .requiredOption('--action <action>', 'offline | isolate | compromise | restore')
    .option('--json', 'print the answer as JSON')
    .action((options: { asset: string[]; action: string; json?: boolean }) =>
      withServices(async (services) => {
        const request = parseInput(ImpactRequest, { asset: options.asset, action: options.action });
        const answer = await services.impact.whatIf(SYSTEM_PRINCIPAL, request);
        if (options.json) {
          output.out(JSON.stringify(answer));
          return;
        }
        output.out(
          formatTable(
            answer.services.map((s) => ({ ...s, path: s.path.join(' → ') })),
            ['id', 'state', 'population', 'path'],
          ),
        );
        output.out(`population affected: ${answer.population_affected}`);
      }),
    );
}
