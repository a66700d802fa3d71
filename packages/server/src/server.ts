import { fileURLToPath } from 'node:url';
import type { Config } from './config.ts';
import { openServices, type Services } from './main.ts';
import { createHttpServer, type HttpServer } from './platform/http/http-server.ts';
import { registerWebUi } from './platform/http/web-ui.ts';
import { campaignForLeadership, type Leadership } from './platform/leadership.ts';
import { serveMetrics } from './platform/metrics.ts';
import { VERSION } from './platform/version.ts';
import {
  createAuthenticate,
  registerAuthRoutes,
  registerTokensRoutes,
  registerUsersRoutes,
} from './features/accounts/index.ts';
import { registerAuditRoutes } from './features/audit/index.ts';
import {
  registerAnonymizationsRoutes,
  registerBackupsRoutes,
  registerDatasetsRoutes,
} from './features/data-protection/index.ts';
import { registerDepartmentsRoutes } from './features/departments/index.ts';
import { startDemo } from './features/demo/index.ts';
import { registerAlertsRoutes, registerRulesRoutes } from './features/detection/index.ts';
import { parseRetentionPolicy, registerEventsRoutes, scheduleRetention } from './features/events/index.ts';
import { registerIncidentsRoutes } from './features/incidents/index.ts';
import { registerIncidentReportsRoutes } from './features/incident-reports/index.ts';
import { type IngestListeners, registerIngestRoutes, startIngestListeners } from './features/ingest/index.ts';
import {
  registerAttackRoutes,
  registerBlocklistsRoutes,
  registerIntelRoutes,
  registerTaxiiRoutes,
} from './features/intel/index.ts';
import { registerDiscoveryRoutes, registerInventoryRoutes } from './features/inventory/index.ts';
import { registerLiveRoutes } from './features/live/index.ts';
import { registerNotificationsRoutes } from './features/notifications/index.ts';
import { registerOverviewRoutes } from './features/overview/index.ts';
import { registerPostureRoutes } from './features/posture/index.ts';
import { registerResponseRoutes } from './features/response/index.ts';
import { registerPlaybooksRoutes } from './features/playbooks/index.ts';
import { registerStanceRoutes } from './features/stance/index.ts';
import { registerVulnsRoutes } from './features/vulns/index.ts';

/** EX_TEMPFAIL: a supervisor restarts the node, which then campaigns again as a follower. */
const LOST_LEADERSHIP_EXIT_CODE = 75;

export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** The HTTP application on top of the services: every feature's routes plus the web UI. */
export async function createApp(services: Services): Promise<HttpServer> {
  const { config } = services;
  const app = await createHttpServer({
    log: services.log,
    version: VERSION,
    bodyLimit: config.bodyLimit,
    rateLimitPerMinute: config.rateLimitPerMinute,
    secureCookies: config.secureCookies,
    authenticate: createAuthenticate(services.auth, services.tokens),
  });
  registerOverviewRoutes(app, services);
  // A node without the api role (cluster mode) serves only what its roles need: health, readiness and ingest.
  if (!config.roles.includes('api')) {
    if (config.roles.includes('ingest')) registerIngestRoutes(app, services);
    await app.ready();
    return app;
  }
  registerAuthRoutes(app, { auth: services.auth, secureCookies: config.secureCookies });
  registerUsersRoutes(app, services);
  registerTokensRoutes(app, services);
  registerDepartmentsRoutes(app, services);
  registerAuditRoutes(app, services);
  registerEventsRoutes(app, services);
  registerIngestRoutes(app, services);
  registerAlertsRoutes(app, services);
  registerRulesRoutes(app, services);
  registerInventoryRoutes(app, services);
  registerDiscoveryRoutes(app, services);
  registerLiveRoutes(app, services);
  registerIntelRoutes(app, services);
  registerTaxiiRoutes(app, services);
  registerVulnsRoutes(app, services);
  registerStanceRoutes(app, services);
  registerPostureRoutes(app, services);
  registerResponseRoutes(app, services);
  registerPlaybooksRoutes(app, services);
  registerIncidentsRoutes(app, services);
  registerIncidentReportsRoutes(app, services);
  registerNotificationsRoutes(app, services);
  registerBlocklistsRoutes(app, services);
  registerAttackRoutes(app, services);
  registerDatasetsRoutes(app, services.dataProtection);
  registerBackupsRoutes(app, services.dataProtection);
  registerAnonymizationsRoutes(app, services.dataProtection);
  await registerWebUi(app, config.webDir === '' ? DEFAULT_WEB_DIR : config.webDir);
  await app.ready();
  return app;
}

export interface RunningServer {
  services: Services;
  app: HttpServer;
  url: string;
  listeners: IngestListeners;
  close(): Promise<void>;
}

/**
 * Starts CitySOC: migrate, make sure an administrator exists (printing a generated password once), listen.
 * `announce` receives the lines a person starting the server must see, whatever the log level.
 */
export async function startServer(config: Config, announce: (line: string) => void): Promise<RunningServer> {
  const services = await openServices(config);
  const admin = await services.users.ensureInitialAdmin(config.adminPassword);
  if (admin.generatedPassword !== null) {
    announce(`Created administrator 'admin' with password: ${admin.generatedPassword}`);
    announce('This password is shown only once. Change it under Administration → Users.');
  } else if (admin.created) {
    announce("Created administrator 'admin' with the password from CITYSOC_ADMIN_PASSWORD.");
  }
  const app = await createApp(services);
  const address = await app.listen({ host: config.host, port: config.port });
  const { roles } = config;
  if (roles.includes('detect')) {
    // Cluster mode: events come from the JetStream stream; embedded: from the local store's checkpoint.
    if (services.cluster) await services.cluster.startDetection(services);
    else services.detection.start();
  }
  let stopRetention: () => Promise<void> = () => Promise.resolve();
  // Jobs that act on the whole city's state: on the api role, and in a cluster on the one api node that leads.
  const startCityJobs = async () => {
    services.taxiiPoller.start();
    services.stance.start();
    services.posture.start();
    services.grouping.start();
    await services.notifications.start();
    await services.playbooks.follow();
    services.incidentWatch.start();
    stopRetention = scheduleRetention({
      store: services.store,
      log: services.log,
      policy: parseRetentionPolicy(config.retentionDays, config.retentionPerSource),
      intervalMs: config.retentionIntervalMinutes * 60_000,
    });
  };
  let leadership: Leadership | null = null;
  if (roles.includes('api')) {
    if (services.cluster && services.store.kind === 'postgres') {
      services.metrics.observeLeadership(false);
      leadership = campaignForLeadership({
        databaseUrl: config.databaseUrl,
        log: services.log,
        onElected: () => {
          announce('This node leads the city-wide jobs (stance, posture, grouping, notifications, retention)');
          services.metrics.observeLeadership(true);
          startCityJobs().catch((error: unknown) =>
            services.log.error({ err: error }, 'city-wide jobs failed to start'),
          );
        },
        onLost: (reason) => {
          services.log.fatal(
            { reason },
            'lost the lead of the city-wide jobs; exiting so that the node restarts as a follower',
          );
          process.exit(LOST_LEADERSHIP_EXIT_CODE);
        },
      });
    } else {
      services.metrics.observeLeadership(true);
      await startCityJobs();
    }
  }
  announce(`Detection: ${services.detection.ruleCount} Sigma rules`);
  const listeners: IngestListeners = roles.includes('ingest')
    ? await startIngestListeners({ ...services, announce })
    : { syslog: null, mqttBroker: null, mqttSubscriber: null, close: () => Promise.resolve() };
  const metricsServer =
    config.metricsPort === null
      ? null
      : await serveMetrics(services.metrics, { host: config.metricsHost, port: config.metricsPort });
  if (metricsServer) announce(`Metrics on ${metricsServer.url}`);
  announce(`CitySOC ${VERSION} on ${address} (store: ${services.store.kind} ${services.store.location})`);
  const demo = config.demo
    ? await startDemo({
        ...services,
        announce,
        url: address,
        syslogTcpPort: listeners.syslog?.addresses.tcp ?? null,
        mqttPort: listeners.mqttBroker?.port ?? null,
        scenarioEverySeconds: config.demoScenarioSeconds,
      })
    : null;
  let closing: Promise<void> | undefined;
  return {
    services,
    app,
    url: address,
    listeners,
    close() {
      // Stop taking input first, then let the writer commit what it acknowledged, then close the store.
      closing ??= Promise.resolve(demo?.stop())
        .then(() => Promise.all([listeners.close(), leadership?.close(), stopRetention(), metricsServer?.close()]))
        .then(() => app.close())
        .then(() => services.close());
      return closing;
    },
  };
}
