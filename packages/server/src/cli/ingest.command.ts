import { statSync } from 'node:fs';
import { DepartmentId, InputError, SYSTEM_PRINCIPAL } from '@citysoc/core';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { replayFile } from '../features/ingest/index.ts';
import { type Output, withServices } from './context.ts';
import { parseInput } from './parse-input.ts';

interface IngestOptions {
  source?: string;
  department?: string;
  json?: boolean;
}

export function registerIngestCommand(program: Command, output: Output): void {
  program
    .command('ingest <file>')
    .description('replay a file of events (NDJSON, JSON array or objects, log lines; gzip too); - reads stdin')
    .option('--source <name>', 'parse with this log source instead of auto-detecting')
    .option('--department <id>', 'the department the events belong to')
    .option('--json', 'print the summary as JSON')
    .action((file: string, options: IngestOptions) =>
      withServices(async (services) => {
        const departmentId = options.department === undefined ? null : parseInput(DepartmentId, options.department);
        if (departmentId !== null) await services.departments.get(SYSTEM_PRINCIPAL, departmentId);
        const total = file === '-' ? 0 : statSync(file, { throwIfNoEntry: false })?.size;
        if (total === undefined) throw new InputError(`No such file: ${file}`);
        const bar =
          process.stderr.isTTY && total > 0
            ? new SingleBar({
                format: 'ingest [{bar}] {percentage}% | {events} events | {rate}/s',
                stream: process.stderr,
              })
            : null;
        bar?.start(total, 0, { events: 0, rate: 0 });

        const started = performance.now();
        const summary = {
          file,
          records: 0,
          accepted: 0,
          rejected: 0,
          seconds: 0,
          errors: [] as { line: number; reason: string }[],
        };
        for await (const batch of replayFile(file)) {
          const result = await services.ingest.ingest(
            {
              channel: 'file',
              departmentId,
              format: batch.format,
              ...(options.source !== undefined && { source: options.source }),
            },
            batch.records,
          );
          for (const error of result.errors) {
            if (summary.errors.length < 20)
              summary.errors.push({ line: summary.records + error.line, reason: error.reason });
          }
          summary.records += batch.records.length;
          summary.accepted += result.accepted;
          summary.rejected += result.rejected;
          const rate = Math.round(summary.accepted / ((performance.now() - started) / 1000));
          bar?.update(batch.bytesRead, { events: summary.records, rate });
        }
        bar?.stop();
        summary.seconds = Math.round((performance.now() - started) / 10) / 100;
        if (options.json) {
          output.out(JSON.stringify(summary));
        } else {
          output.out(
            `${file}: ${summary.accepted} events stored, ${summary.rejected} rejected, in ${summary.seconds} s`,
          );
          for (const error of summary.errors) output.out(`  line ${error.line}: ${error.reason}`);
        }
      }),
    );
}
