import {
  type DepartmentScope,
  type Principal,
  requirePermission,
  resolveTime,
  type RuleList,
  type RuleRejectionInfo,
  type RuleSummary,
  type RuleTestRequest,
  type RuleTestResult,
} from '@citysoc/core';
import { compile, parseRules, type RuleRejection, type SigmaEngine, type SigmaRule } from '@citysoc/core/sigma';
import type { Store } from '../../platform/db/database.ts';
import { scanEvents } from './alerts.repository.ts';
import { detectionEvent } from './detection-event.ts';

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

const rejectionInfo = (r: RuleRejection): RuleRejectionInfo => ({
  file: r.file ?? null,
  id: r.id ?? null,
  reason: r.reason,
});

export interface RulesService {
  list(actor: Principal): RuleList;
  /** Runs rules over stored events the actor may see, raising nothing: to try a rule before deploying it. */
  test(actor: Principal, request: RuleTestRequest): Promise<RuleTestResult>;
}

export function createRulesService(deps: {
  store: Store;
  engine: SigmaEngine;
  rejections: readonly RuleRejection[];
}): RulesService {
  const { store, engine } = deps;

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

  return {
    list(actor) {
      requirePermission(actor, 'alerts.read');
      return { rules: engine.rules.map(summary), refused: deps.rejections.map(rejectionInfo) };
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
  };
}
