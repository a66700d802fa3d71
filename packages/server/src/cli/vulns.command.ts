import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError, SYSTEM_PRINCIPAL } from '@citysoc/core';
import type { Command } from 'commander';
import { formatTable, type Output, withServices } from './context.ts';

function feedFiles(target: string): string[] {
  const stat = statSync(target, { throwIfNoEntry: false });
  if (!stat) throw new InputError(`No such file or folder: ${target}`);
  if (!stat.isDirectory()) return [target];
  return readdirSync(target, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(json|csv)$/i.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

export function registerVulnsCommand(program: Command, output: Output): void {
  const vulns = program.command('vulns').description('vulnerability intelligence matched to the inventory');

  vulns
    .command('import <target>')
    .description('import CISA KEV (JSON), CVE JSON 5 records, NVD API 2.0 responses or EPSS CSV (a file or a folder)')
    .action((target: string) =>
      withServices(async (services) => {
        // A folder of feeds may hold files of other kinds: each is reported, none stops the rest.
        const feeds = feedFiles(target).map((name) => ({ name, text: readFileSync(name, 'utf8') }));
        const results = await services.vulns.importFeeds(SYSTEM_PRINCIPAL, feeds);
        const open = await services.vulns.findings(SYSTEM_PRINCIPAL, { status: 'open' });
        output.out(
          JSON.stringify({
            files: results.length,
            refused: results.filter((r) => 'error' in r).length,
            open_findings: open.length,
            results,
          }),
        );
      }),
    );

  vulns
    .command('findings')
    .description('findings on the inventory, by priority')
    .option('--department <id>', 'only this department')
    .option('--json', 'print JSON')
    .action((options: { department?: string; json?: boolean }) =>
      withServices(async (services) => {
        const findings = await services.vulns.findings(SYSTEM_PRINCIPAL, {
          ...(options.department !== undefined && { department: options.department }),
        });
        output.out(
          options.json
            ? JSON.stringify(findings)
            : formatTable(
                findings.map((f) => ({ ...f, kev: f.kev ? 'KEV' : '', services: f.services.join(' ') })),
                ['priority', 'ssvc', 'asset', 'cve', 'cvss', 'kev', 'due', 'status', 'services'],
              ),
        );
      }),
    );
}
