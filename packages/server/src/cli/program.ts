import { isDomainError } from '@citysoc/core';
import { Command, CommanderError } from 'commander';
import { VERSION } from '../platform/version.ts';
import { registerAuditCommand } from './audit.command.ts';
import { registerBackupCommand } from './backup.command.ts';
import { type Output, processOutput } from './context.ts';
import { registerDepartmentsCommand } from './departments.command.ts';
import { registerImpactCommand } from './impact.command.ts';
import { registerIncidentsCommand } from './incidents.command.ts';
import { registerIngestCommand } from './ingest.command.ts';
import { registerIntelCommand } from './intel.command.ts';
import { registerVulnsCommand } from './vulns.command.ts';
import { registerInventoryCommand } from './inventory.command.ts';
import { registerMigrateCommand } from './migrate.command.ts';
import { registerPostureCommand } from './posture.command.ts';
import { registerPrivacyCommand } from './privacy.command.ts';
import { registerReportCommand } from './report.command.ts';
import { registerRulesCommand } from './rules.command.ts';
import { registerServeCommand } from './serve.command.ts';
import { registerTokensCommand } from './tokens.command.ts';
import { registerUsersCommand } from './users.command.ts';

export function buildProgram(output: Output = processOutput): Command {
  const program = new Command('citysoc')
    .description("CitySOC: the city's cyber operations centre and governance dashboard")
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => output.out(s.trimEnd()), writeErr: (s) => output.err(s.trimEnd()) })
    .addHelpText(
      'after',
      '\nConfiguration comes from CITYSOC_* environment variables (see README), e.g. CITYSOC_DATABASE_URL.',
    );
  registerServeCommand(program, output);
  registerMigrateCommand(program, output);
  registerUsersCommand(program, output);
  registerDepartmentsCommand(program, output);
  registerTokensCommand(program, output);
  registerIngestCommand(program, output);
  registerRulesCommand(program, output);
  registerInventoryCommand(program, output);
  registerImpactCommand(program, output);
  registerIntelCommand(program, output);
  registerVulnsCommand(program, output);
  registerIncidentsCommand(program, output);
  registerPostureCommand(program, output);
  registerPrivacyCommand(program, output);
  registerReportCommand(program, output);
  registerAuditCommand(program, output);
  registerBackupCommand(program, output);
  return program;
}

/**
 * Runs the CLI and returns the exit code: 0 success, 1 failure (or a broken audit chain), 2 invalid usage
 * or input. Domain errors print their message only; anything unexpected prints its stack.
 */
export async function runCli(argv: readonly string[], output: Output = processOutput): Promise<number> {
  try {
    await buildProgram(output).parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (isDomainError(error)) {
      output.err(`error: ${error.message}`);
      return error.code === 'invalid_input' ? 2 : 1;
    }
    output.err(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}
