import type { EffectiveStancePolicy, StancePolicy } from '@citysoc/core';
import type { Bus } from '../../platform/bus/bus.ts';
import type { Store } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log.ts';
import { SHIPPED_RULES_DIR } from './detection-rules.ts';
import { loadFolderContent, mergeContent, type RuleContent, uploadedContent } from './rule-content.ts';
import { loadSigmaHqContent } from './sigmahq-selection.ts';
import {
  activateRules,
  type ActiveRuleSet,
  compileContent,
  type CompiledContent,
  NEUTRAL_STANCE,
  type RuleDisable,
  type StanceInForce,
} from './rule-set.ts';
import { listDisables, listUploads, readRuleRevision } from './rules.repository.ts';

/** How often a detection process looks for rule changes made by another process (the CLI, a second node). */
const REFRESH_MS = 2000;

/** What detection needs of the stance feature (the stance service, bound late: it is created after detection). */
export interface StanceSource {
  effectivePolicy(scope: 'city'): EffectiveStancePolicy;
}

/**
 * The rules detection runs, as managed content: the files of the rules dirs (read once at start), the uploads
 * and disabled rules stored in the database, and the stance in force. It holds one immutable `ActiveRuleSet`
 * and replaces it whole when any of those change, so a reader always sees one consistent set.
 *
 * Packs and thresholds follow the city's stance, not each department's. One engine evaluates every event,
 * and correlations group events across departments (one address probing two utilities), so a per-department
 * engine would split exactly the windows that matter; the pack rules are hunting rules triaged by the city-wide
 * SOC, and the city level is the floor of every department's (a department takes the stricter of the two),
 * so the city scope never runs a pack no department's stance calls for.
 */
export interface RuleCatalog {
  current(): ActiveRuleSet;
  /** The folder content (shipped and configured dirs), read at start: uploads are checked against it. */
  readonly folderContent: RuleContent;
  /** Re-reads uploads and disabled rules from the store and rebuilds; resolves with the set in force after. */
  reload(): Promise<ActiveRuleSet>;
  /** Rebuilds when the store's rule revision or the stance in force moved since the set in force was built. */
  refresh(): Promise<void>;
  /**
   * Binds the stance: `policies` are every policy file (a rule in a pack any of them names is off until its
   * pack is enabled), `stance` gives the city's effective policy. Rebuilds at once.
   */
  useStance(stance: StanceSource, policies: readonly StancePolicy[]): void;
  /** Polls for changes made by other processes. */
  start(): void;
  close(): void;
}

const stanceSignature = (s: StanceInForce) =>
  JSON.stringify([s.level, [...s.rulePacks].sort(), s.correlationThresholdFactor]);

export async function openRuleCatalog(deps: {
  store: Store;
  bus: Bus;
  log: Logger;
  /** CITYSOC_RULES_DIRS: folders loaded after the shipped rules. */
  dirs: readonly string[];
  /** CITYSOC_SIGMAHQ_DIR: a SigmaHQ checkout the curated selection (content/sigmahq) is read from. */
  sigmahqDir?: string;
}): Promise<RuleCatalog> {
  const { store, bus, log } = deps;
  let folderContent = loadFolderContent([
    { dir: SHIPPED_RULES_DIR, source: 'shipped' },
    ...deps.dirs.map((dir) => ({ dir, source: 'folder' as const })),
  ]);
  if (deps.sigmahqDir !== undefined && deps.sigmahqDir !== '') {
    const selected = loadSigmaHqContent(deps.sigmahqDir);
    folderContent = mergeContent(folderContent, selected.content);
    log.info(
      { dir: deps.sigmahqDir, rules: selected.content.rules.length, refused: selected.content.errors.length },
      'SigmaHQ selection loaded',
    );
  }
  let stanceSource: StanceSource | null = null;
  let namedPacks: ReadonlySet<string> = new Set();
  let version = 0;
  /** What the store held at the last read: the revision, and the content and disables as of it. */
  let stored: { revision: number; compiled: CompiledContent; disables: readonly RuleDisable[] };
  let timer: NodeJS.Timeout | null = null;
  let pending: Promise<unknown> = Promise.resolve();

  function stanceNow(): StanceInForce {
    if (stanceSource === null) return NEUTRAL_STANCE;
    const policy = stanceSource.effectivePolicy('city');
    return {
      level: policy.level,
      rulePacks: policy.rule_packs,
      correlationThresholdFactor: policy.correlation_threshold_factor,
    };
  }

  async function readStore(): Promise<typeof stored> {
    // The revision is read first: a change committed while reading is seen again at the next refresh.
    const revision = await readRuleRevision(store.db);
    const [uploads, disables] = await Promise.all([listUploads(store.db), listDisables(store.db)]);
    return { revision, compiled: compileContent(mergeContent(folderContent, uploadedContent(uploads))), disables };
  }

  stored = await readStore();
  const build = () => activateRules(stored.compiled, stored.disables, stanceNow(), namedPacks, ++version);
  let active: ActiveRuleSet = build();
  for (const rejection of stored.compiled.rejections) log.warn({ rejection }, 'Sigma rule refused');

  function activate(): ActiveRuleSet {
    active = build();
    return active;
  }

  /** One rebuild at a time, in call order: two changes in quick succession cannot leave the older set in force. */
  function serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = pending.then(work, work);
    pending = run.catch(() => undefined);
    return run;
  }

  const reload = () =>
    serialised(async () => {
      stored = await readStore();
      const set = activate();
      log.info({ rules: set.engine.rules.length, version: set.version }, 'detection rules reloaded');
      return set;
    });

  const refresh = () =>
    serialised(async () => {
      if ((await readRuleRevision(store.db)) !== stored.revision) stored = await readStore();
      else if (stanceSignature(stanceNow()) === stanceSignature(active.stance)) return;
      const set = activate();
      log.info(
        { rules: set.engine.rules.length, stance: set.stance, version: set.version },
        'detection rules changed: engine swapped',
      );
    });

  const report = (error: unknown) => log.error({ err: error }, 'detection rules refresh failed');
  const unsubscribe = bus.subscribe('stance.changed', () => refresh().catch(report));

  return {
    current: () => active,
    folderContent,
    reload,
    refresh,
    useStance(stance, policies) {
      stanceSource = stance;
      namedPacks = new Set(policies.flatMap((p) => p.rule_packs));
      activate();
    },
    start() {
      timer ??= setInterval(() => refresh().catch(report), REFRESH_MS);
      timer.unref();
    },
    close() {
      unsubscribe();
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
