import { CreateApiToken, SYSTEM_PRINCIPAL, TokenScope } from '@citysoc/core';
import { type Command, Option } from 'commander';
import { formatTable, type Output, withServices } from './context.ts';
import { parseInput } from './parse-input.ts';

export function registerTokensCommand(program: Command, output: Output): void {
  const tokens = program.command('tokens').description('manage API tokens for machines');

  tokens
    .command('create')
    .description('create an API token and print it (shown once)')
    .addOption(new Option('--scope <scope>', 'what the token may do').choices(TokenScope.options).makeOptionMandatory())
    .option('--department <id>', 'limit the token to one department (default: city-wide)')
    .option('--name <name>', 'what the token is for')
    .option('--expires-days <n>', 'expire after n days')
    .action((options: { scope: string; department?: string; name?: string; expiresDays?: string }) =>
      withServices(async (services) => {
        const input = parseInput(CreateApiToken, {
          name: options.name ?? `${options.scope} token`,
          scope: options.scope,
          departmentId: options.department ?? null,
          expiresInDays: options.expiresDays === undefined ? null : Number(options.expiresDays),
        });
        const created = await services.tokens.create(SYSTEM_PRINCIPAL, input);
        output.out(created.token);
        output.err(`token ${created.apiToken.id} (${created.apiToken.scope}) created; the secret above is shown once`);
      }),
    );

  tokens
    .command('list')
    .description('list API tokens (never their secrets)')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      withServices(async (services) => {
        const list = await services.tokens.list(SYSTEM_PRINCIPAL);
        output.out(
          options.json
            ? JSON.stringify(list, null, 2)
            : formatTable(list, ['id', 'name', 'scope', 'departmentId', 'prefix', 'revokedAt', 'lastUsedAt']),
        );
      }),
    );

  tokens
    .command('revoke <id>')
    .description('revoke an API token')
    .action((id: string) =>
      withServices(async (services) => {
        const revoked = await services.tokens.revoke(SYSTEM_PRINCIPAL, id);
        output.out(`revoked token ${revoked.id} (${revoked.name})`);
      }),
    );
}
