import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildWarninglistSuppressor, type WarninglistSuppressor } from '@citysoc/core';
import type { Logger } from '../../platform/log.ts';

/**
 * Reads MISP warninglists from a folder laid out as the misp-warninglists repository's `lists/` (one folder per
 * list holding list.json). A list that cannot be read or used is logged with its name and skipped.
 */
export function loadWarninglists(dir: string, log: Logger): WarninglistSuppressor | null {
  if (dir === '') return null;
  const lists: unknown[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const file = path.join(dir, entry.name, 'list.json');
    try {
      lists.push(JSON.parse(readFileSync(file, 'utf8')));
    } catch (error) {
      log.warn({ list: entry.name, err: error }, 'warninglist skipped');
    }
  }
  const suppressor = buildWarninglistSuppressor(lists);
  for (const unusable of suppressor.unusable) log.warn(unusable, 'warninglist entries not usable');
  return suppressor;
}
