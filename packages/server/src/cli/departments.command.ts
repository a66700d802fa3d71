import { CreateDepartment, SYSTEM_PRINCIPAL } from '@citysoc/core';
import type { Command } from 'commander';
import { formatTable, type Output, withServices } from './context.ts';
import { parseInput } from './parse-input.ts';

export function registerDepartmentsCommand(program: Command, output: Output): void {
  const departments = program.command('departments').description('manage departments');

  departments
    .command('create <id> <name>')
    .description('create a department (id: lowercase slug, e.g. water)')
    .option('--description <text>', 'what the department does', '')
    .action((id: string, name: string, options: { description: string }) =>
      withServices(async (services) => {
        const input = parseInput(CreateDepartment, { id, name, description: options.description });
        const created = await services.departments.create(SYSTEM_PRINCIPAL, input);
        output.out(`created department ${created.id} (${created.name})`);
      }),
    );

  departments
    .command('list')
    .description('list departments')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      withServices(async (services) => {
        const list = await services.departments.list(SYSTEM_PRINCIPAL);
        output.out(options.json ? JSON.stringify(list, null, 2) : formatTable(list, ['id', 'name', 'createdAt']));
      }),
    );
}
