import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import type { Config } from './config.ts';
import { createMemoryBus } from './platform/bus/memory-bus.ts';
import type { Bus } from './platform/bus/bus.ts';
import { createStore, type Store } from './platform/db/database.ts';
import { migrateToLatest, type MigrationReport } from './platform/db/migrate.ts';
import { createLogger, type Logger } from './platform/log.ts';
import { VERSION } from './platform/version.ts';
import { loadSecretBox } from './platform/secret-box.ts';
import {
  type AuthService,
  createAuthService,
  createTokensService,
  createUsersService,
  type TokensService,
  type UsersService,
} from './features/accounts/index.ts';
import { type AuditLog, createAuditLog } from './features/audit/index.ts';
import { createDepartmentsService, type DepartmentsService } from './features/departments/index.ts';
import { createOverviewService, type OverviewService } from './features/overview/index.ts';
import {
  type AlertsService,
  createAlertsService,
  createDetectionService,
  type DetectionService,
  createRulesService,
  openRuleCatalog,
  type RulesService,
} from './features/detection/index.ts';
import { createEventsService, type EventsService } from './features/events/index.ts';
import {
  type CityModelCache,
  createCityModelCache,
  createDiscoveryService,
  createImpactService,
  createInventoryService,
  type DiscoveryService,
  enrichmentIndexOf,
  type ImpactService,
  type InventoryService,
} from './features/inventory/index.ts';
import { createTelemetryDetectors, type TelemetryDetectors } from './features/telemetry/index.ts';
import { createLiveHub, type LiveHub } from './features/live/index.ts';
import {
  createAttackService,
  createBlocklistsService,
  createIndicatorDetector,
  createIntelService,
  createSightingsService,
  loadWarninglists,
  createTaxiiPoller,
  createTaxiiService,
  type AttackService,
  type BlocklistsService,
  type IndicatorDetector,
  type IntelService,
  type SightingsService,
  type TaxiiPoller,
  type TaxiiService,
} from './features/intel/index.ts';
import { createVulnsService, type VulnsService } from './features/vulns/index.ts';
import { createStanceService, loadStancePolicies, type StanceService } from './features/stance/index.ts';
import {
  createEvidenceCollector,
  createPostureService,
  evidenceMetrics,
  loadControls,
  type PostureService,
} from './features/posture/index.ts';
import { createResponseService, type ResponseService } from './features/response/index.ts';
import { createDataProtection, type DataProtection } from './features/data-protection/index.ts';
import { createIncidentsFeature, incidentBlockRequests, type IncidentsFeature } from './features/incidents/index.ts';
import {
  createIngestService,
  inThreadNormaliser,
  type IngestService,
  lazyNormaliser,
  startNormaliserPool,
  loadLogSources,
} from './features/ingest/index.ts';

/** Everything the product's use cases need, built from config. The CLI uses this without HTTP. */
export interface Services {
  config: Config;
  log: Logger;
  store: Store;
  bus: Bus;
  migrations: MigrationReport;
  audit: AuditLog;
  departments: DepartmentsService;
  users: UsersService;
  tokens: TokensService;
  auth: AuthService;
  overview: OverviewService;
  events: EventsService;
  ingest: IngestService;
  alerts: AlertsService;
  detection: DetectionService;
  rules: RulesService;
  inventory: InventoryService;
  city: CityModelCache;
  impact: ImpactService;
  discovery: DiscoveryService;
  telemetry: TelemetryDetectors;
  indicators: IndicatorDetector;
  live: LiveHub;
  intel: IntelService;
  sightings: SightingsService;
  taxii: TaxiiService;
  taxiiPoller: TaxiiPoller;
  vulns: VulnsService;
  stance: StanceService;
  posture: PostureService;
  response: ResponseService;
  incidents: IncidentsFeature['incidents'];
  teams: IncidentsFeature['teams'];
  grouping: IncidentsFeature['grouping'];
  blocklists: BlocklistsService;
  attack: AttackService;
  dataProtection: DataProtection;
  close(): Promise<void>;
}

export async function openServices(config: Config, log: Logger = createLogger(config.logLevel)): Promise<Services> {
  const store = createStore({
    ...config,
    onConnectionError: (error) => log.warn({ err: error }, 'database connection lost; the pool reconnects'),
  });
  let migrations: MigrationReport;
  try {
    migrations = await migrateToLatest(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  const bus = createMemoryBus((error, subject) => log.error({ err: error, subject }, 'bus subscriber failed'));
  const audit = createAuditLog({ store, bus });
  const departments = createDepartmentsService({ store, audit });
  const users = createUsersService({ store, audit });
  const tokens = createTokensService({ store, audit });
  const auth = createAuthService({
    store,
    audit,
    log,
    sessionTtlHours: config.sessionTtlHours,
    throttle: {
      maxFailuresPerUser: config.loginMaxFailuresPerUser,
      maxFailuresPerAddress: config.loginMaxFailuresPerAddress,
      windowMinutes: config.loginWindowMinutes,
    },
  });
  const events = createEventsService({ store });
  const inventory = createInventoryService({ store, audit, bus, departments });
  const city = createCityModelCache({ store, bus, log });
  const impact = createImpactService({ city });
  const logSourcesDir = config.logSourcesDir === '' ? undefined : config.logSourcesDir;
  const logSources = await loadLogSources(logSourcesDir);
  const maxEventBytes = config.ingestMaxEventBytes;
  const ingest = createIngestService({
    store,
    log,
    bus,
    logSources,
    normaliser:
      config.ingestWorkers === 0
        ? inThreadNormaliser(logSources, maxEventBytes)
        : lazyNormaliser(() =>
            startNormaliserPool({ size: config.ingestWorkers, data: { logSourcesDir, maxEventBytes }, log }),
          ),
    options: {
      maxQueuedEvents: config.ingestMaxQueuedEvents,
      maxBatchEvents: config.ingestMaxBatchEvents,
      maxEventBytes: config.ingestMaxEventBytes,
    },
  });
  const discovery = createDiscoveryService({ store, audit, inventory, log });
  ingest.onUnmatched((identifiers) => discovery.record(identifiers));
  city.onRebuilt((model) => ingest.setEnrichment(enrichmentIndexOf(model)));
  // Built before anything is ingested, so the first events are enriched too.
  await city.current();
  const alerts = createAlertsService({ store, audit });
  const rulesDirs = config.rulesDirs
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '');
  const ruleCatalog = await openRuleCatalog({ store, bus, log, dirs: rulesDirs, sigmahqDir: config.sigmahqDir });
  const controls = loadControls(undefined, log);
  const evidence = createEvidenceCollector({ store, bus, log, metrics: evidenceMetrics(controls) });
  const telemetry = createTelemetryDetectors({ city, inventory, alerts, log });
  const dataProtection = createDataProtection({
    store,
    audit,
    city,
    log,
    backups: { restoreTestMaxAgeDays: config.restoreTestMaxAgeDays },
  });
  const indicators = createIndicatorDetector({
    store,
    bus,
    log,
    suppressor: loadWarninglists(config.warninglistsDir, log),
  });
  const detection = createDetectionService({
    store,
    bus,
    log,
    ruleCatalog,
    detectors: [telemetry, indicators, evidence, dataProtection.backups.watch],
  });
  const rules = createRulesService({ store, audit, catalog: ruleCatalog });
  const live = createLiveHub({ bus, maxSubscribers: 500 });
  const intel = createIntelService({ store, audit, bus });
  const sightings = createSightingsService({ store, departments });
  const taxii = createTaxiiService({ store, intel });
  const taxiiPoller = createTaxiiPoller({ store, audit, intel, log, secrets: loadSecretBox(config) });
  // Encryption at rest: tokens stored in plaintext by an earlier version are sealed on the first start after it.
  await taxiiPoller.sealStoredTokens();
  const vulns = createVulnsService({ store, audit, bus, log, inventory, city });
  const stancePolicies = loadStancePolicies(undefined, log);
  const stance = createStanceService({
    store,
    audit,
    bus,
    log,
    city,
    vulns,
    departments,
    policies: stancePolicies,
  });
  // Detection is built before the stance: rule packs and correlation thresholds follow it from here on.
  rules.useStance(stance, stancePolicies);
  vulns.useRemediationFactor((department) => stance.effectivePolicy(department).sla_factor.remediation);
  const slaFactor = (scope: string) => stance.effectivePolicy(scope).sla_factor.incidents;
  const incidentDeps = { store, audit, bus, log, alerts, users, impact, city, slaFactor };
  const { incidents, teams, grouping } = createIncidentsFeature(incidentDeps);
  const attack = createAttackService({
    store,
    bus,
    enabledRules: () => rules.list(SYSTEM_PRINCIPAL).rules.filter((rule) => rule.state.active),
  });
  const posture = createPostureService({ store, audit, bus, log, city, vulns, departments, controls });
  const response = createResponseService({
    store,
    audit,
    inventory,
    impact,
    effectivePolicy: (department) => stance.effectivePolicy(department),
  });
  const blocklists = createBlocklistsService({
    indicators,
    city,
    policies: stancePolicies,
    effectivePolicy: (scope) => stance.effectivePolicy(scope),
    blockRequests: () => incidentBlockRequests(store.db),
  });
  const overview = createOverviewService({
    store,
    bus,
    version: VERSION,
    audit,
    departments,
    users,
    tokens,
    events,
    ingest,
  });
  return {
    config,
    log,
    store,
    bus,
    migrations,
    audit,
    departments,
    users,
    tokens,
    auth,
    overview,
    events,
    ingest,
    alerts,
    detection,
    rules,
    inventory,
    city,
    impact,
    discovery,
    telemetry,
    indicators,
    live,
    intel,
    sightings,
    taxii,
    taxiiPoller,
    vulns,
    stance,
    posture,
    response,
    incidents,
    teams,
    grouping,
    blocklists,
    attack,
    dataProtection,
    async close() {
      attack.close();
      dataProtection.backups.watch.close();
      await grouping.stop();
      stance.close();
      posture.close();
      await evidence.flush();
      vulns.close();
      taxiiPoller.stop();
      live.close();
      city.close();
      telemetry.close();
      await detection.stop();
      await indicators.close();
      await discovery.close();
      await ingest.close();
      await bus.close();
      await store.close();
    },
  };
}
