import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import type { Config } from './config.ts';
import type { Services } from './services.ts';
import { bindNodeMetrics, openNodeBus } from './cluster/cluster-node.ts';
import { createMetrics } from './platform/metrics.ts';
import { createReadinessProbe } from './platform/readiness.ts';
import { createStore } from './platform/db/database.ts';
import { migrateToLatest, type MigrationReport } from './platform/db/migrate.ts';
import { createLogger, type Logger } from './platform/log.ts';
import { VERSION } from './platform/version.ts';
import { loadSecretBox } from './platform/secret-box.ts';
import {
  createAuthService,
  createPersonalFields,
  createTokensService,
  createUsersService,
} from './features/accounts/index.ts';
import { createAuditLog } from './features/audit/index.ts';
import { createDepartmentsService } from './features/departments/index.ts';
import { createOverviewService } from './features/overview/index.ts';
import {
  createAlertsService,
  createDetectionService,
  createRulesService,
  openRuleCatalog,
} from './features/detection/index.ts';
import { createEventsService } from './features/events/index.ts';
import {
  createCityModelCache,
  createDiscoveryService,
  createImpactService,
  createInventoryService,
  enrichmentIndexOf,
} from './features/inventory/index.ts';
import { createTelemetryDetectors } from './features/telemetry/index.ts';
import { createLiveHub } from './features/live/index.ts';
import {
  createAttackService,
  createBlocklistsService,
  createIndicatorDetector,
  createIntelService,
  createSightingsService,
  loadWarninglists,
  createTaxiiPoller,
  createTaxiiService,
} from './features/intel/index.ts';
import { createVulnsService } from './features/vulns/index.ts';
import { createStanceService, loadStancePolicies } from './features/stance/index.ts';
import {
  createEvidenceCollector,
  createPostureService,
  evidenceMetrics,
  loadControls,
} from './features/posture/index.ts';
import { createResponseService } from './features/response/index.ts';
import { createIncidentReportsFeature } from './features/incident-reports/index.ts';
import { createPlaybooksService, loadPlaybookCatalogue } from './features/playbooks/index.ts';
import { createDataProtection } from './features/data-protection/index.ts';
import {
  createIncidentsFeature,
  incidentBlockRequests,
  personalDataCatalogue,
  teamRecipients,
} from './features/incidents/index.ts';
import { createNotificationsService, notificationsOptions, teamDirectoryOf } from './features/notifications/index.ts';
import {
  createIngestService,
  inThreadNormaliser,
  lazyNormaliser,
  startNormaliserPool,
  loadLogSources,
} from './features/ingest/index.ts';

export type { Services } from './services.ts';

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
  const metrics = createMetrics();
  const { bus, cluster } = await openNodeBus({ config, log, metrics }).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const readiness = createReadinessProbe({ store, bus });
  const audit = createAuditLog({ store, bus });
  const departments = createDepartmentsService({ store, audit });
  const secrets = loadSecretBox(config);
  const personal = createPersonalFields(secrets, log);
  const users = createUsersService({ store, audit, personal });
  // Encryption at rest: personal fields stored in plaintext by an earlier version are sealed on the first start.
  await users.sealStoredPersonalFields();
  const tokens = createTokensService({ store, audit, bus });
  const auth = createAuthService({
    store,
    audit,
    log,
    personal,
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
    onCommit: (events, ms) => metrics.observeCommit(events, ms),
    ...(cluster?.sink && { sink: cluster.sink }),
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
    personal,
    backups: { restoreTestMaxAgeDays: config.restoreTestMaxAgeDays },
    // The same variable as `citysoc privacy anonymize`, so a job and a CLI run give the same pseudonyms.
    anonymizations: { pseudonymKey: process.env.CITYSOC_PSEUDONYM_KEY },
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
  bindNodeMetrics(metrics, { ingest, detection, cluster });
  const live = createLiveHub({ bus, maxSubscribers: 500 });
  const intel = createIntelService({ store, audit, bus });
  const sightings = createSightingsService({ store, departments });
  const taxii = createTaxiiService({ store, intel });
  const taxiiPoller = createTaxiiPoller({ store, audit, intel, log, secrets });
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
  const notifications = createNotificationsService({
    store,
    audit,
    bus,
    log,
    secrets,
    teams: teamDirectoryOf((teamIds) => teamRecipients(store.db, teamIds)),
    options: notificationsOptions(config),
  });
  const notifier = notifications.notifier;
  const incidentDeps = { store, audit, bus, log, alerts, users, impact, city, slaFactor, notifier };
  const personalData = personalDataCatalogue(dataProtection.datasets);
  const evidenceMaxBytes = config.evidenceMaxBytes;
  const {
    incidents,
    teams,
    grouping,
    watch: incidentWatch,
  } = createIncidentsFeature({
    ...incidentDeps,
    personalData,
    evidenceMaxBytes,
  });
  const attack = createAttackService({
    store,
    bus,
    enabledRules: () => rules.list(SYSTEM_PRINCIPAL).rules.filter((rule) => rule.state.active),
  });
  const posture = createPostureService({ store, audit, bus, log, city, vulns, departments, controls });
  const reportDeps = { store, audit, log, incidents, teams, departments, city, attack, posture, stance };
  const reports = createIncidentReportsFeature({ ...reportDeps, playbookRuns: (a, id) => playbooks.runs(a, id) });
  const response = createResponseService({
    store,
    audit,
    inventory,
    impact,
    effectivePolicy: (department) => stance.effectivePolicy(department),
    bus,
  });
  const playbooks = createPlaybooksService({
    store,
    audit,
    bus,
    log,
    users,
    alerts,
    incidents,
    response,
    impact,
    city,
    effectivePolicy: (scope) => stance.effectivePolicy(scope),
    catalogue: loadPlaybookCatalogue(undefined, log),
    notifier,
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
    incidents: (actor) => incidents.summary(actor),
  });
  return {
    config,
    log,
    store,
    bus,
    migrations,
    metrics,
    readiness,
    cluster,
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
    incidentWatch,
    blocklists,
    attack,
    ...reports,
    dataProtection,
    personal,
    notifications,
    playbooks,
    async close() {
      attack.close();
      playbooks.stop();
      dataProtection.backups.watch.close();
      await grouping.stop();
      await incidentWatch.stop();
      await notifications.close();
      stance.close();
      posture.close();
      await evidence.flush();
      vulns.close();
      taxiiPoller.stop();
      live.close();
      city.close();
      telemetry.close();
      await cluster?.close();
      await detection.stop();
      await indicators.close();
      await discovery.close();
      await ingest.close();
      await bus.close();
      await store.close();
    },
  };
}
