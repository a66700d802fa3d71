import type { Config } from './config.ts';
import type { ClusterNode } from './cluster/cluster-node.ts';
import type { Metrics } from './platform/metrics.ts';
import type { ReadinessProbe } from './platform/readiness.ts';
import type { Bus } from './platform/bus/bus.ts';
import type { Store } from './platform/db/database.ts';
import type { MigrationReport } from './platform/db/migrate.ts';
import type { Logger } from './platform/log.ts';
import type { AuthService, PersonalFields, TokensService, UsersService } from './features/accounts/index.ts';
import type { AuditLog } from './features/audit/index.ts';
import type { DepartmentsService } from './features/departments/index.ts';
import type { OverviewService } from './features/overview/index.ts';
import type { AlertsService, DetectionService, RulesService } from './features/detection/index.ts';
import type { EventsService } from './features/events/index.ts';
import type { CityModelCache, DiscoveryService, ImpactService, InventoryService } from './features/inventory/index.ts';
import type { TelemetryDetectors } from './features/telemetry/index.ts';
import type { LiveHub } from './features/live/index.ts';
import type {
  AttackService,
  BlocklistsService,
  IndicatorDetector,
  IntelService,
  SightingsService,
  TaxiiPoller,
  TaxiiService,
} from './features/intel/index.ts';
import type { VulnsService } from './features/vulns/index.ts';
import type { StanceService } from './features/stance/index.ts';
import type { PostureService } from './features/posture/index.ts';
import type { ResponseService } from './features/response/index.ts';
import type { IncidentReportsFeature } from './features/incident-reports/index.ts';
import type { PlaybooksService } from './features/playbooks/index.ts';
import type { DataProtection } from './features/data-protection/index.ts';
import type { IncidentsFeature } from './features/incidents/index.ts';
import type { NotificationsService } from './features/notifications/index.ts';
import type { IngestService } from './features/ingest/index.ts';

/** Everything the product's use cases need, built from config. The CLI uses this without HTTP. */
export interface Services {
  config: Config;
  log: Logger;
  store: Store;
  bus: Bus;
  migrations: MigrationReport;
  /** This node's Prometheus metrics (served by `serve` when CITYSOC_METRICS_PORT is set). */
  metrics: Metrics;
  readiness: ReadinessProbe;
  /** The event stream between roles when the bus is NATS (cluster mode); null in the embedded mode. */
  cluster: ClusterNode | null;
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
  incidentWatch: IncidentsFeature['watch'];
  blocklists: BlocklistsService;
  attack: AttackService;
  incidentReports: IncidentReportsFeature['incidentReports'];
  monthlyReports: IncidentReportsFeature['monthlyReports'];
  dataProtection: DataProtection;
  /** The real `Notifier` (in-app, e-mail, webhooks) with inboxes, preferences, channels and deliveries. */
  notifications: NotificationsService;
  playbooks: PlaybooksService;
  /** Seals and opens the personal fields CitySOC keeps about its staff (display names, session addresses). */
  personal: PersonalFields;
  close(): Promise<void>;
}
