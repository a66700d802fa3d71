import {
  canSeeDepartment,
  type CorrelationListEntry,
  NotFoundError,
  type DepartmentScope,
  type Principal,
  requirePermission,
  resolveTime,
  type RuleList,
  type RuleListEntry,
  type RuleState,
  type RuleStateAnswer,
  type RuleStateChange,
  type RuleSummary,
  type RuleTestRequest,
  type RuleTestResult,
  type RuleUploadReport,
  type StancePolicy,
} from '@citysoc/core';
import { compile, parseRules, type SigmaEngine, type SigmaRule } from '@citysoc/core/sigma';
import type { Store } from '../../platform/db/database.ts';
import type { AuditLog } from '../audit/index.ts';
import { scanEvents } from './alerts.repository.ts';
import { detectionEvent } from './detection-event.ts';
import type { RuleCatalog, StanceSource } from './rule-catalog.ts';
import { createRuleManagement, rejectionInfo } from './rule-management.service.ts';
import type { ActivationState, ActiveRuleSet } from './rule-set.ts';
import type { UploadSource } from './rule-upload.ts';

const MAX_MATCHES = 1000;
const SCAN_PAGE = 2000;

function summary(rule: SigmaRule): RuleSummary {
  return {
    id: rule.id,
    title: rule.title,
    level: rule.level,
    status: rule.status,
    description: rule.description,
    author: rule.author,
    references: rule.references,
    tags: rule.tags,
    logsource: { ...rule.logsource },
    file: rule.file ?? null,
  };
}

/** A rule's state as the actor may see it: department exceptions only for the departments they are granted. */
function stateFor(actor: Principal, set: ActiveRuleSet, id: string, state: ActivationState): RuleState {
  const exceptions = [...(set.disabledFor.get(id) ?? new Map<string, string>())]
    .filter(([department]) => canSeeDepartment(actor, department))
    .map(([department, reason]) => ({ department, reason }))
    .sort((a, b) => (a.department < b.department ? -1 : 1));
  return {
    enabled: state.enabled,
    reason: state.disabledReason,
    disabledFor: exceptions,
    source: state.origin.source,
    packs: [...state.packs],
    packEnabled: state.packEnabled,
    active: state.active,
    inactiveReason: state.inactiveReason,
    department: state.origin.department,
    uploadedBy: state.origin.uploadedBy,
  };
}

/** Uploads scoped to a department are listed only to those who may see that department. */
const visible = (actor: Principal, state: ActivationState) =>
  state.origin.department === null || canSeeDepartment(actor, state.origin.department);

export interface RulesService {
  /** Every rule and correlation with its state, the refused ones, and the stance detection runs under. */
  list(actor: Principal): RuleList;
  /** Runs rules over stored events the actor may see, raising nothing: to try a rule before deploying it. */
  test(actor: Principal, request: RuleTestRequest): Promise<RuleTestResult>;
  /** Turns a rule off or on, city-wide or for one department (rule-management.service.ts), audited. */
  setState(actor: Principal, id: string, change: RuleStateChange): Promise<RuleStateAnswer>;
  /**
   * Validates Sigma YAML and stores what is accepted; detection runs it at once. `yaml` is the request body, or
   * the files the CLI read (rejections then name the file).
   */
  upload(
    actor: Principal,
    yaml: string | readonly UploadSource[],
    department: string | null,
  ): Promise<RuleUploadReport>;
  /** Deletes an uploaded rule. */
  remove(actor: Principal, id: string): Promise<void>;
  /**
   * Binds the stance service (created after detection): the city's effective policy decides the rule packs
   * and correlation thresholds; `policies` are every policy file, whose packs are off until enabled.
   */
  useStance(stance: StanceSource, policies: readonly StancePolicy[]): void;
  /**
   * Swaps in the rules as they stand now: changes another process stored, and the stance in force. Detection
   * does this by itself (every 2 s and on `stance.changed`); callers that must not wait (tests, the CLI) call it.
   */
  refresh(): Promise<void>;
}

export function createRulesService(deps: { store: Store; audit: AuditLog; catalog: RuleCatalog }): RulesService {
  const { store, catalog } = deps;
  const management = createRuleManagement(deps);

  async function run(engineUnderTest: SigmaEngine, scope: DepartmentScope, request: RuleTestRequest) {
    const now = new Date();
    const from = resolveTime(request.from, now);
    const to = request.to === undefined ? undefined : resolveTime(request.to, now);
    const matches: RuleTestResult['matches'] = [];
    let scanned = 0;
    let afterSeq = 0;
    for (;;) {
      const page = await scanEvents(store.db, {
        scope,
        from,
        to,
        afterSeq,
        limit: Math.min(SCAN_PAGE, request.maxEvents - scanned),
      });
      for (const event of page) {
        const hits = engineUnderTest.match(
          detectionEvent(JSON.parse(event.document) as Record<string, unknown>, event),
        );
        for (const rule of hits) {
          if (matches.length < MAX_MATCHES)
            matches.push({ ruleId: rule.id, eventId: event.id, timestamp: event.ts, source: event.source });
        }
      }
      scanned += page.length;
      const last = page.at(-1);
      if (!last || scanned >= request.maxEvents)
        return { scanned, matches, complete: !last || page.length < SCAN_PAGE };
      afterSeq = last.seq;
    }
  }

  function ruleEntries(actor: Principal, set: ActiveRuleSet): RuleListEntry[] {
    return set.rules
      .filter(({ state }) => visible(actor, state))
      .map(({ rule, state }) => ({ ...summary(rule), state: stateFor(actor, set, rule.id, state) }));
  }

  function correlationEntries(actor: Principal, set: ActiveRuleSet): CorrelationListEntry[] {
    return set.correlations
      .filter(({ state }) => visible(actor, state))
      .map(({ correlation, effectiveCondition, state }) => ({
        id: correlation.key,
        title: correlation.title,
        level: correlation.level,
        type: correlation.type,
        rules: correlation.rules,
        groupBy: correlation.groupBy,
        timespan: correlation.timespan,
        tags: correlation.tags,
        file: correlation.file ?? null,
        condition: correlation.condition.map((c) => ({ ...c })),
        effectiveCondition: effectiveCondition.map((c) => ({ ...c })),
        state: stateFor(actor, set, correlation.key, state),
      }));
  }

  return {
    list(actor) {
      requirePermission(actor, 'alerts.read');
      const set = catalog.current();
      return {
        rules: ruleEntries(actor, set),
        correlations: correlationEntries(actor, set),
        refused: set.compiled.rejections.map(rejectionInfo),
        stance: {
          level: set.stance.level,
          rulePacks: [...set.stance.rulePacks],
          correlationThresholdFactor: set.stance.correlationThresholdFactor,
        },
      };
    },

    async test(actor, request) {
      requirePermission(actor, 'alerts.read');
      requirePermission(actor, 'events.read');
      const parsed = parseRules(request.yaml, 'request');
      const compiled = compile(parsed.rules);
      const refused = [...parsed.errors, ...compiled.rejected].map(rejectionInfo);
      if (compiled.rules.length === 0) return { rules: [], refused, scanned: 0, complete: true, matches: [] };
      const result = await run(compiled, actor.departments, request);
      return { rules: compiled.rules.map(summary), refused, ...result };
    },

    async setState(actor, id, change) {
      await management.setState(actor, id, change);
      const set = catalog.current();
      const rule = set.rules.find((r) => r.rule.id === id);
      const state = rule?.state ?? set.correlations.find((c) => c.correlation.key === id)?.state;
      // Found before the change; only a concurrent delete of an upload can make it disappear since.
      if (!state) throw new NotFoundError(`Rule '${id}' not found`);
      return { id, state: stateFor(actor, set, id, state) };
    },

    upload: (actor, yaml, department) =>
      management.upload(actor, typeof yaml === 'string' ? [{ name: null, text: yaml }] : yaml, department),
    remove: (actor, id) => management.remove(actor, id),
    useStance: (stance, policies) => catalog.useStance(stance, policies),
    refresh: () => catalog.refresh(),
  };
}
