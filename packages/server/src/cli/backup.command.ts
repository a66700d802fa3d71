import { writeFileSync } from 'node:fs';
import { ConflictError, InputError, isDomainError } from '@citysoc/core';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import {
  type BackupSecret,
  type BackupService,
  type BackupSummary,
  createBackupService,
  generateKeyFileText,
  openBackupStore,
  passphraseSecret,
  readKeyFile,
  verifyBackup,
} from '../features/backup/index.ts';
import type { Output } from './context.ts';

interface KeyOptions {
  keyFile?: string;
  json?: boolean;
}

/** --key-file wins; otherwise the passphrase from the environment (never a flag: it would show in `ps`). */
function secretOf(options: KeyOptions, forCreate: boolean): BackupSecret {
  return options.keyFile !== undefined
    ? readKeyFile(options.keyFile)
    : passphraseSecret(process.env.CITYSOC_BACKUP_PASSPHRASE, forCreate);
}

async function withBackupService<T>(mustExist: boolean, work: (service: BackupService) => Promise<T>): Promise<T> {
  const store = openBackupStore(loadConfig(), mustExist);
  try {
    return await work(createBackupService({ store }));
  } finally {
    await store.close();
  }
}

function describe(summary: BackupSummary): string {
  const tables = Object.keys(summary.tables).length;
  return (
    `${summary.totalRows} rows in ${tables} tables (schema ${summary.migration}, ${summary.dialect}, ` +
    `CitySOC ${summary.citysocVersion}, taken ${summary.createdAt}); ${summary.frames} frames, ${summary.bytes} bytes`
  );
}

export function registerBackupCommand(program: Command, output: Output): void {
  const backup = program
    .command('backup')
    .description("encrypted, integrity-checked backups of CitySOC's own store")
    .addHelpText(
      'after',
      '\nThe key is a passphrase from CITYSOC_BACKUP_PASSPHRASE, or a 32-byte key file (--key-file, see keygen).',
    );
  const keyOption = ['--key-file <file>', 'a 32-byte key file instead of CITYSOC_BACKUP_PASSPHRASE'] as const;

  backup
    .command('create')
    .description('write a consistent snapshot of the whole store while the server runs')
    .requiredOption('--out <file>', 'the backup file to write (must not exist)')
    .option(...keyOption)
    .option('--json', 'print the summary as JSON')
    .action((options: KeyOptions & { out: string }) =>
      withBackupService(true, async (service) => {
        const summary = await service.create(options.out, secretOf(options, true));
        output.out(options.json ? JSON.stringify(summary) : `backup written to ${options.out}: ${describe(summary)}`);
      }),
    );

  backup
    .command('verify <file>')
    .description('authenticate every frame and check every row count; prints a JSON summary, exit 1 on any problem')
    .option(...keyOption)
    .action(async (file: string, options: KeyOptions) => {
      try {
        output.out(JSON.stringify(await verifyBackup(file, secretOf(options, false))));
      } catch (error) {
        if (!isDomainError(error)) throw error;
        output.out(JSON.stringify({ ok: false, file, error: error.message }));
        output.err(`error: ${error.message}`);
        process.exitCode = 1;
      }
    });

  backup
    .command('restore <file>')
    .description('restore a backup into an empty database or data directory (refuses anything else)')
    .option(...keyOption)
    .option('--json', 'print the summary as JSON')
    .action((file: string, options: KeyOptions) =>
      withBackupService(false, async (service) => {
        const summary = await service.restore(file, secretOf(options, false));
        output.out(options.json ? JSON.stringify(summary) : `restored ${file}: ${describe(summary)}`);
      }),
    );

  backup
    .command('keygen')
    .description('write a new random 32-byte key file (readable by its owner only)')
    .requiredOption('--out <file>', 'the key file to write (must not exist)')
    .action((options: { out: string }) => {
      try {
        writeFileSync(options.out, generateKeyFileText(), { mode: 0o600, flag: 'wx' });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw code === 'EEXIST'
          ? new ConflictError(`${options.out} already exists; a key file is never overwritten`)
          : new InputError(`Cannot write ${options.out}: ${(error as Error).message}`);
      }
      output.err(`key written to ${options.out}; keep a copy apart from the backups, without it they cannot be read`);
    });
}
