import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError, SYSTEM_PRINCIPAL } from '@citysoc/core';
import type { Command } from 'commander';
import { looksLikeMisp, mispToStix, readStixText } from '../features/intel/index.ts';
import { formatTable, type Output, readStdin, withServices } from './context.ts';

interface ImportOptions {
  format: string;
  source: string;
  confidence?: string;
  validDays?: string;
}

/** The files an import reads: the file itself, or every .json/.ndjson/.jsonl under a folder. */
function filesOf(target: string): string[] {
  const stat = statSync(target, { throwIfNoEntry: false });
  if (!stat) throw new InputError(`No such file or folder: ${target}`);
  if (!stat.isDirectory()) return [target];
  return readdirSync(target, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(json|ndjson|jsonl)$/i.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

function number(value: string | undefined, name: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new InputError(`--${name} must be an integer from 0 to ${max}`);
  return n;
}

/** STIX as it is, or MISP events converted to STIX indicators (auto: MISP when it looks like MISP JSON). */
function readIntel(text: string, format: string, source: string) {
  let json: unknown = undefined;
  if (format !== 'stix') {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (format === 'misp' || (format === 'auto' && json !== undefined && looksLikeMisp(json))) {
    const { objects, skipped } = mispToStix(json, source);
    return {
      kind: 'misp' as const,
      objects,
      rejected: skipped.map((s, index) => ({ index, reason: `${s.id} ${s.reason}` })),
    };
  }
  return { kind: 'stix' as const, ...readStixText(text) };
}

export function registerIntelCommand(program: Command, output: Output): void {
  const intel = program.command('intel').description('threat intelligence: STIX, MISP, TAXII');

  intel
    .command('import <target>')
    .description('import STIX 2.x (bundles, envelopes, arrays, NDJSON) or MISP events from a file, a folder or -')
    .option('--format <format>', 'auto | stix | misp', 'auto')
    .option('--source <name>', 'the intelligence source the objects come from', 'manual')
    .option('--confidence <0-100>', 'confidence for indicators that carry none')
    .option('--valid-days <n>', 'validity for indicators without valid_until')
    .action((target: string, options: ImportOptions) =>
      withServices(async (services) => {
        if (!['auto', 'stix', 'misp'].includes(options.format)) {
          throw new InputError(`--format ${options.format} is not supported; use auto, stix or misp`);
        }
        const confidence = number(options.confidence, 'confidence', 100);
        const validDays = number(options.validDays, 'valid-days', 3650);
        const texts = target === '-' ? [await readStdin()] : filesOf(target).map((file) => readFileSync(file, 'utf8'));
        const total = { objects: 0, indicators: 0, rejected: 0, errors: [] as unknown[] };
        for (const text of texts) {
          const input = readIntel(text, options.format, options.source);
          const summary = await services.intel.importObjects(
            SYSTEM_PRINCIPAL,
            input.objects,
            {
              source: options.source,
              kind: input.kind,
              ...(confidence !== undefined && { confidence }),
              ...(validDays !== undefined && { validDays }),
            },
            input.rejected,
          );
          total.objects += summary.objects;
          total.indicators += summary.indicators;
          total.rejected += summary.rejected;
          total.errors.push(...summary.errors.slice(0, 100 - total.errors.length));
        }
        output.out(JSON.stringify(total));
      }),
    );

  const taxii = intel.command('taxii').description('TAXII 2.1 collections this city polls');
  taxii
    .command('add <name>')
    .description('poll a remote TAXII 2.1 collection on a schedule')
    .requiredOption('--url <api-root>', 'the remote API root, e.g. https://peer.example/taxii2/city/')
    .requiredOption('--collection <id>', 'the collection id')
    .option('--token <token>', "the remote server's bearer token")
    .option('--interval-minutes <n>', 'how often to poll', '60')
    .option('--confidence <0-100>', 'confidence for indicators that carry none')
    .action(
      (
        name: string,
        options: { url: string; collection: string; token?: string; intervalMinutes: string; confidence?: string },
      ) =>
        withServices(async (services) => {
          const feed = await services.taxiiPoller.add(SYSTEM_PRINCIPAL, {
            name,
            apiRoot: options.url,
            collection: options.collection,
            token: options.token ?? null,
            intervalMinutes: number(options.intervalMinutes, 'interval-minutes', 10_080) ?? 60,
            confidence: number(options.confidence, 'confidence', 100) ?? null,
          });
          output.out(JSON.stringify(feed));
        }),
    );
  taxii
    .command('list')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      withServices(async (services) => {
        const feeds = await services.taxiiPoller.list(SYSTEM_PRINCIPAL);
        output.out(
          options.json
            ? JSON.stringify(feeds)
            : formatTable(feeds as unknown as Record<string, unknown>[], [
                'name',
                'apiRoot',
                'collection',
                'lastPolledAt',
                'lastError',
              ]),
        );
      }),
    );
  taxii
    .command('poll <name>')
    .description('poll a feed now and print what it brought')
    .action((name: string) =>
      withServices(async (services) => {
        output.out(JSON.stringify(await services.taxiiPoller.pollNow(SYSTEM_PRINCIPAL, name)));
      }),
    );
}
