import type { Command } from 'commander';
import { type Output, withServices } from './context.ts';

export function registerMigrateCommand(program: Command, output: Output): void {
  program
    .command('migrate')
    .description('apply pending database migrations (serve does this too)')
    .action(() =>
      withServices(async ({ migrations, store }) => {
        const applied = migrations.applied.length === 0 ? 'none' : migrations.applied.join(', ');
        output.out(`${store.kind} ${store.location}: applied ${applied}; schema is current`);
      }),
    );
}
