import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '@citysoc/core';

/** A boolean from YAML (true/false) or the environment ('true', 'false', '1', '0'). */
const booleanSetting = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1');

/** The parts of the work a node takes on; every node of the embedded mode does all three. */
export const NODE_ROLES = ['ingest', 'detect', 'api'] as const;
export type NodeRole = (typeof NODE_ROLES)[number];

function parseRoles(value: string | string[], ctx: z.RefinementCtx): NodeRole[] {
  const names = (Array.isArray(value) ? value : value.split(',')).map((r) => r.trim()).filter((r) => r !== '');
  const roles: NodeRole[] = [];
  for (const name of names) {
    const role = NODE_ROLES.find((r) => r === name);
    if (!role) ctx.addIssue({ code: 'custom', message: `unknown role '${name}'; known: ${NODE_ROLES.join(', ')}` });
    else if (!roles.includes(role)) roles.push(role);
  }
  if (names.length === 0) ctx.addIssue({ code: 'custom', message: `name at least one of ${NODE_ROLES.join(', ')}` });
  return roles;
}

/**
 * The one configuration schema. Every field has a default, so the embedded mode needs no file: values come
 * from the defaults, then an optional YAML file (`CITYSOC_CONFIG`), then environment variables (highest).
 */
export const Config = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Where the embedded SQLite database and other local state live. */
  dataDir: z.string().min(1).default('./var'),
  /** `postgres://…` selects PostgreSQL; empty selects the embedded SQLite file under dataDir. */
  databaseUrl: z.string().default(''),
  /** Password for the first administrator; generated and printed once when empty. */
  adminPassword: z.string().default(''),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest accepted request body in bytes. */
  bodyLimit: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** Requests per minute per client address on the API. */
  rateLimitPerMinute: z.coerce.number().int().positive().default(1200),
  sessionTtlHours: z.coerce.number().positive().default(12),
  /** Mark cookies Secure; turn on when CitySOC is served over HTTPS (directly or behind a proxy). */
  secureCookies: booleanSetting.default(false),
  /** Failed logins allowed per username, and per client address, within loginWindowMinutes. */
  loginMaxFailuresPerUser: z.coerce.number().int().positive().default(5),
  loginMaxFailuresPerAddress: z.coerce.number().int().positive().default(20),
  loginWindowMinutes: z.coerce.number().positive().default(15),
  /**
   * Play the demo city: load it into an empty inventory and send its telemetry through the real ingest paths
   * (`citysoc demo`, `npm start`). Never on a database that already holds another city's inventory.
   */
  demo: booleanSetting.default(false),
  /** Seconds between the demo's attack and incident scenarios. */
  demoScenarioSeconds: z.coerce.number().positive().default(60),
  /**
   * Folder of MISP warninglists (the misp-warninglists repository's `lists/`, one folder per list with a
   * list.json): indicator values on them (public resolvers, cloud ranges, top sites) never raise alerts.
   */
  warninglistsDir: z.string().default(''),
  /** Folder of the built web UI; empty means the workspace's packages/web/dist. */
  webDir: z.string().default(''),
  /** Folder of log-source definitions; empty means the shipped content/log-sources. */
  logSourcesDir: z.string().default(''),
  /** Events waiting for commit before HTTP answers 429, TCP stops reading and UDP drops. */
  ingestMaxQueuedEvents: z.coerce.number().int().positive().default(200_000),
  ingestMaxBatchEvents: z.coerce.number().int().positive().default(5_000),
  /** Longest single event accepted, in bytes. */
  ingestMaxEventBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /** Threads that parse and normalise events beside the main thread; 0 does it on the main thread. */
  ingestWorkers: z.coerce
    .number()
    .int()
    .min(0)
    .max(16)
    .default(() => Math.min(4, availableParallelism() - 1)),
  syslogEnabled: booleanSetting.default(true),
  /** UDP and TCP syslog port (0 picks a free one). */
  syslogPort: z.coerce.number().int().min(0).max(65535).default(5514),
  syslogTlsPort: z.coerce.number().int().min(0).max(65535).default(6514),
  /** PEM files; syslog over TLS (RFC 5425) is served only when both are set. */
  syslogTlsCert: z.string().default(''),
  syslogTlsKey: z.string().default(''),
  /** An MQTT broker to subscribe to (`mqtt://host:1883`); empty subscribes to none. */
  mqttUrl: z.string().default(''),
  /** `filter[=log-source]` entries, comma-separated; used by the subscriber and the embedded broker. */
  mqttTopics: z.string().default('citysoc/#'),
  mqttUsername: z.string().default(''),
  mqttPassword: z.string().default(''),
  /** Client id of the persistent QoS 1 session on the city's broker; unique per CitySOC ingest node. */
  mqttClientId: z.string().min(1).default('citysoc'),
  /** CitySOC's own MQTT listener for devices (password: an ingest token). */
  mqttBrokerEnabled: booleanSetting.default(true),
  mqttBrokerPort: z.coerce.number().int().min(0).max(65535).default(1884),
  /** Days events are kept, unless their log source has its own entry in retentionPerSource. */
  retentionDays: z.coerce.number().positive().default(90),
  /** `log-source=days` entries, comma-separated, e.g. `device-telemetry=30,suricata-eve=180`. */
  retentionPerSource: z.string().default(''),
  retentionIntervalMinutes: z.coerce.number().positive().default(10),
  /** More Sigma rule folders, comma-separated, besides the shipped content/rules (e.g. SigmaHQ's rules/). */
  rulesDirs: z.string().default(''),
  /** A SigmaHQ checkout (or its rules/ folder): the curated selection in content/sigmahq is loaded from it. */
  sigmahqDir: z.string().default(''),
  /** Days after which a dataset's restore test is overdue (no successful restore test since). */
  restoreTestMaxAgeDays: z.coerce.number().positive().default(90),
  /**
   * 32-byte key (64 hex digits or base64) sealing stored secrets such as TAXII tokens; empty uses `secret.key` in
   * dataDir, generated on first start. Set it, the same on every node, when running on PostgreSQL.
   */
  secretKey: z.string().default(''),
  /**
   * SMTP server for e-mail notifications: `smtp://[user:password@]host:port` (STARTTLS when offered) or
   * `smtps://…`; credentials percent-encoded. Empty sends no e-mail (in-app and webhooks still work).
   */
  smtpUrl: z.string().default(''),
  smtpFrom: z.string().min(3).default('CitySOC <citysoc@localhost>'),
  /** The address people open CitySOC at (`https://soc.city.example`), for links in e-mails and chat messages. */
  publicUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  /** Rate limit of notifications: per person and channel (and per webhook channel), at most N per window. */
  notifyWindowMinutes: z.coerce.number().positive().default(10),
  notifyMaxInApp: z.coerce.number().int().positive().default(50),
  notifyMaxEmails: z.coerce.number().int().positive().default(5),
  notifyMaxWebhook: z.coerce.number().int().positive().default(20),
  /** Largest evidence file attached to an incident, in bytes. */
  evidenceMaxBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024),
  /**
   * Port of the Prometheus `/metrics` listener; unset serves none, 0 picks a free one. It is a listener of its
   * own, bound to metricsHost (loopback by default), so traffic figures are never on the public port.
   */
  metricsPort: z.coerce.number().int().min(0).max(65535).nullable().default(null),
  metricsHost: z.string().min(1).default('127.0.0.1'),
  /**
   * `nats://host:4222` (comma-separated for a NATS cluster) selects cluster mode: change notifications travel
   * over NATS, and ingest and detection meet through a JetStream stream. Empty keeps everything in-process.
   */
  busUrl: z.string().default(''),
  /** Prefix of every NATS subject (and JetStream stream name) of this installation, e.g. `citysoc`. */
  busPrefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')
    .default('citysoc'),
  /** What this node does in cluster mode: any of ingest, detect, api (comma-separated). */
  roles: z
    .union([z.string(), z.array(z.string())])
    .default('ingest,detect,api')
    .transform((value, ctx) => parseRoles(value, ctx)),
  /** Partitions of the event stream: events of one source host always go to the same partition. */
  eventPartitions: z.coerce.number().int().min(1).max(256).default(8),
  /** Seconds a detect node may hold events without acknowledging them before they go to another node. */
  eventAckWaitSeconds: z.coerce.number().positive().default(30),
});
export type Config = z.infer<typeof Config>;

const ENV_NAMES: Readonly<Record<keyof Config, string>> = {
  host: 'CITYSOC_HOST',
  port: 'CITYSOC_PORT',
  dataDir: 'CITYSOC_DATA_DIR',
  databaseUrl: 'CITYSOC_DATABASE_URL',
  adminPassword: 'CITYSOC_ADMIN_PASSWORD',
  logLevel: 'CITYSOC_LOG_LEVEL',
  bodyLimit: 'CITYSOC_BODY_LIMIT',
  rateLimitPerMinute: 'CITYSOC_RATE_LIMIT_PER_MINUTE',
  sessionTtlHours: 'CITYSOC_SESSION_TTL_HOURS',
  secureCookies: 'CITYSOC_SECURE_COOKIES',
  loginMaxFailuresPerUser: 'CITYSOC_LOGIN_MAX_FAILURES_PER_USER',
  loginMaxFailuresPerAddress: 'CITYSOC_LOGIN_MAX_FAILURES_PER_ADDRESS',
  loginWindowMinutes: 'CITYSOC_LOGIN_WINDOW_MINUTES',
  demo: 'CITYSOC_DEMO',
  demoScenarioSeconds: 'CITYSOC_DEMO_SCENARIO_SECONDS',
  warninglistsDir: 'CITYSOC_WARNINGLISTS_DIR',
  webDir: 'CITYSOC_WEB_DIR',
  logSourcesDir: 'CITYSOC_LOG_SOURCES_DIR',
  ingestMaxQueuedEvents: 'CITYSOC_INGEST_MAX_QUEUED_EVENTS',
  ingestMaxBatchEvents: 'CITYSOC_INGEST_MAX_BATCH_EVENTS',
  ingestMaxEventBytes: 'CITYSOC_INGEST_MAX_EVENT_BYTES',
  ingestWorkers: 'CITYSOC_INGEST_WORKERS',
  syslogEnabled: 'CITYSOC_SYSLOG_ENABLED',
  syslogPort: 'CITYSOC_SYSLOG_PORT',
  syslogTlsPort: 'CITYSOC_SYSLOG_TLS_PORT',
  syslogTlsCert: 'CITYSOC_SYSLOG_TLS_CERT',
  syslogTlsKey: 'CITYSOC_SYSLOG_TLS_KEY',
  mqttUrl: 'CITYSOC_MQTT_URL',
  mqttTopics: 'CITYSOC_MQTT_TOPICS',
  mqttUsername: 'CITYSOC_MQTT_USERNAME',
  mqttPassword: 'CITYSOC_MQTT_PASSWORD',
  mqttClientId: 'CITYSOC_MQTT_CLIENT_ID',
  mqttBrokerEnabled: 'CITYSOC_MQTT_BROKER_ENABLED',
  mqttBrokerPort: 'CITYSOC_MQTT_BROKER_PORT',
  retentionDays: 'CITYSOC_RETENTION_DAYS',
  retentionPerSource: 'CITYSOC_RETENTION_PER_SOURCE',
  retentionIntervalMinutes: 'CITYSOC_RETENTION_INTERVAL_MINUTES',
  rulesDirs: 'CITYSOC_RULES_DIRS',
  sigmahqDir: 'CITYSOC_SIGMAHQ_DIR',
  restoreTestMaxAgeDays: 'CITYSOC_RESTORE_TEST_MAX_AGE_DAYS',
  secretKey: 'CITYSOC_SECRET_KEY',
  smtpUrl: 'CITYSOC_SMTP_URL',
  smtpFrom: 'CITYSOC_SMTP_FROM',
  publicUrl: 'CITYSOC_PUBLIC_URL',
  notifyWindowMinutes: 'CITYSOC_NOTIFY_WINDOW_MINUTES',
  notifyMaxInApp: 'CITYSOC_NOTIFY_MAX_IN_APP',
  notifyMaxEmails: 'CITYSOC_NOTIFY_MAX_EMAILS',
  notifyMaxWebhook: 'CITYSOC_NOTIFY_MAX_WEBHOOK',
  evidenceMaxBytes: 'CITYSOC_EVIDENCE_MAX_BYTES',
  metricsPort: 'CITYSOC_METRICS_PORT',
  metricsHost: 'CITYSOC_METRICS_HOST',
  busUrl: 'CITYSOC_BUS_URL',
  busPrefix: 'CITYSOC_BUS_PREFIX',
  roles: 'CITYSOC_ROLES',
  eventPartitions: 'CITYSOC_EVENT_PARTITIONS',
  eventAckWaitSeconds: 'CITYSOC_EVENT_ACK_WAIT_SECONDS',
};

/** The environment variable that names each setting, for the README table and error messages. */
export function configEnvName(key: keyof Config): string {
  return ENV_NAMES[key];
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`Cannot read config file ${file}: ${(error as Error).message}`);
  }
  const parsed: unknown = parseYaml(text);
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError(`Config file ${file} must hold a mapping of settings`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Builds the configuration from the environment (and the YAML file it may name). Throws InputError naming
 * every invalid setting, so a mistyped port fails at start-up rather than at first use.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const fromFile = env.CITYSOC_CONFIG ? readConfigFile(env.CITYSOC_CONFIG) : {};
  const fromEnv: Record<string, string> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const value = env[name];
    if (value !== undefined && value !== '') fromEnv[key] = value;
  }
  const result = Config.safeParse({ ...fromFile, ...fromEnv, ...overrides });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const key = issue.path.join('.');
      const name = key in ENV_NAMES ? ` (${ENV_NAMES[key as keyof Config]})` : '';
      return `${key}${name}: ${issue.message}`;
    });
    throw new InputError(`Invalid configuration: ${problems.join('; ')}`, problems);
  }
  return { ...result.data, dataDir: path.resolve(result.data.dataDir) };
}
