import type { Store } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log.ts';
import type { PersonalFields } from '../accounts/index.ts';
import type { AuditLog } from '../audit/index.ts';
import type { CityModelCache } from '../inventory/index.ts';
import { type AccessService, createAccessService } from './access-requests.service.ts';
import { type BackupsOptions, type BackupsService, createBackupsService } from './backups.service.ts';
import { createDatasetsService, type DatasetsService } from './datasets.service.ts';
import {
  type AnonymizationsOptions,
  type AnonymizationsService,
  createAnonymizationsService,
} from './anonymizations.service.ts';

export { registerDatasetsRoutes } from './datasets.routes.ts';
export { registerBackupsRoutes } from './backups.routes.ts';
export { registerAnonymizationsRoutes } from './anonymizations.routes.ts';
export type { AccessService, BackupsService, BackupsOptions, DatasetsService };
export type { AnonymizationsOptions, AnonymizationsService };
// The CSV side of the anonymiser, shared with `citysoc privacy anonymize`.
export {
  anonymizeCsvText,
  checkPseudonymKey,
  cryptoRandom,
  hmacPseudonym,
  MAX_RECORD_CHARS,
  PARSE_BATCH,
  type ParsedRecord,
  parseRecordBatch,
  parseSpecYaml,
} from './anonymization-csv.ts';
export type { BackupWatch } from './backups.service.ts';

/** The data-protection feature: the catalogue, access to it, backups of it, and anonymised releases of it. */
export interface DataProtection {
  datasets: DatasetsService;
  access: AccessService;
  backups: BackupsService;
  anonymizations: AnonymizationsService;
}

export function createDataProtection(deps: {
  store: Store;
  audit: AuditLog;
  city: CityModelCache;
  log: Logger;
  /** Opens owners' display names, which are sealed at rest. */
  personal: PersonalFields;
  backups?: BackupsOptions;
  anonymizations?: AnonymizationsOptions;
  now?: () => Date;
}): DataProtection {
  const clock = deps.now === undefined ? {} : { now: deps.now };
  const datasets = createDatasetsService({ ...deps, ...clock });
  const access = createAccessService({ ...deps, datasets, ...clock });
  const backups = createBackupsService({ ...deps, options: { ...clock, ...deps.backups } });
  const anonymizations = createAnonymizationsService({ ...deps, options: { ...clock, ...deps.anonymizations } });
  return { datasets, access, backups, anonymizations };
}
