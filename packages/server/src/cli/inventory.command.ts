import { readFileSync } from 'node:fs';
import { InputError, SYSTEM_PRINCIPAL } from '@citysoc/core';
import type { Command } from 'commander';
import { formatInventory, parseInventoryDocument, readInventoryText, withLines } from '../features/inventory/index.ts';
import { type Output, readStdin, withServices } from './context.ts';

/** Prints each problem of a refused inventory on its own line ("line 12 (services.0.depends_on.1.asset): …"). */
function reportProblems(error: unknown, output: Output): unknown {
  if (error instanceof InputError && typeof error.details === 'object' && error.details !== null) {
    const problems = (error.details as { problems?: { line?: number; path: unknown[]; reason: string }[] }).problems;
    for (const problem of problems ?? []) {
      const where =
        problem.line === undefined ? problem.path.join('.') : `line ${problem.line} (${problem.path.join('.')})`;
      output.err(`  ${where}: ${problem.reason}`);
    }
  }
  return error;
}

export function registerInventoryCommand(program: Command, output: Output): void {
  const inventory = program.command('inventory').description('the city model: departments, services, assets');

  inventory
    .command('import <file>')
    .description('import an inventory file (YAML or JSON; - reads stdin); all or nothing')
    .action((file: string) =>
      withServices(async (services) => {
        let text: string;
        try {
          text = file === '-' ? await readStdin() : readFileSync(file, 'utf8');
        } catch {
          throw new InputError(`Cannot read ${file}`);
        }
        const parsed = readInventoryText(text);
        try {
          const summary = await services.inventory.importDocument(SYSTEM_PRINCIPAL, parseInventoryDocument(parsed));
          output.out(JSON.stringify(summary));
        } catch (error) {
          throw reportProblems(withLines(error, parsed), output);
        }
      }).catch((error: unknown) => {
        throw reportProblems(error, output);
      }),
    );

  inventory
    .command('export')
    .description('print the inventory in the import format')
    .option('--format <format>', 'yaml or json', 'yaml')
    .action((options: { format: string }) =>
      withServices(async (services) => {
        if (options.format !== 'yaml' && options.format !== 'json') {
          throw new InputError(`--format must be yaml or json, not '${options.format}'`);
        }
        const document = await services.inventory.exportDocument(SYSTEM_PRINCIPAL);
        process.stdout.write(formatInventory(document, options.format));
      }),
    );
}
