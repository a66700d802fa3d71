import type { Store } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log.ts';
import type { AuditLog } from '../audit/index.ts';
import type { CityModelCache } from '../inventory/index.ts';
import { type AccessService, createAccessService } from './access-requests.service.ts';
import { type BackupsOptions, type BackupsService, createBackupsService } from './backups.service.ts';
import { createDatasetsService, type DatasetsService } from './datasets.service.ts';

export { registerDatasetsRoutes } from './datasets.routes.ts';
export { registerBackupsRoutes } from './backups.routes.ts';
export type { AccessService, BackupsService, BackupsOptions, DatasetsService };
export type { BackupWatch } from './backups.service.ts';

/** The data-protection feature: the catalogue, access to it, and backups of it. */
export interface DataProtection {
  datasets: DatasetsService;
  access: AccessService;
  backups: BackupsService;
}

export function createDataProtection(deps: {
  store: Store;
  audit: AuditLog;
  city: CityModelCache;
  log: Logger;
  backups?: BackupsOptions;
  now?: () => Date;
}): DataProtection {
  const clock = deps.now === undefined ? {} : { now: deps.now };
  const datasets = createDatasetsService({ ...deps, ...clock });
  const access = createAccessService({ ...deps, datasets, ...clock });
  const backups = createBackupsService({ ...deps, options: { ...clock, ...deps.backups } });
  return { datasets, access, backups };
}
