import { CreateUser, Role, SYSTEM_PRINCIPAL } from '@citysoc/core';
import { type Command, Option } from 'commander';
import { generatePassword } from '../features/accounts/index.ts';
import { formatTable, type Output, readStdin, withServices } from './context.ts';
import { parseInput } from './parse-input.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerUsersCommand(program: Command, output: Output): void {
  const users = program.command('users').description('manage user accounts');

  users
    .command('create <username>')
    .description('create a user; prints a generated password unless --password-stdin is given')
    .addOption(new Option('--role <role>', 'role').choices(Role.options).makeOptionMandatory())
    .option('--department <id>', 'grant a department (repeatable)', collect, [])
    .option('--display-name <name>', 'full name')
    .option('--password-stdin', 'read the password from standard input')
    .action(
      (
        username: string,
        options: { role: string; department: string[]; displayName?: string; passwordStdin?: boolean },
      ) =>
        withServices(async (services) => {
          const generated = options.passwordStdin ? null : generatePassword();
          const password = generated ?? (await readStdin()).replace(/\r?\n$/, '');
          const input = parseInput(CreateUser, {
            username,
            password,
            role: options.role,
            departmentIds: options.department,
            ...(options.displayName !== undefined && { displayName: options.displayName }),
          });
          const user = await services.users.create(SYSTEM_PRINCIPAL, input);
          output.out(`created user ${user.username} (${user.role}) id=${user.id}`);
          if (generated) output.out(`password (shown once): ${generated}`);
        }),
    );

  users
    .command('list')
    .description('list users')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      withServices(async (services) => {
        const list = await services.users.list(SYSTEM_PRINCIPAL);
        const rows = list.map((u) => ({ ...u, departments: u.departmentIds.join(',') || '-', disabled: u.disabled }));
        output.out(
          options.json
            ? JSON.stringify(list, null, 2)
            : formatTable(rows, ['username', 'role', 'departments', 'disabled', 'lastLoginAt']),
        );
      }),
    );
}
