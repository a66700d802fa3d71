import {
  type AlertExplanation,
  AlertCorrelation,
  NotFoundError,
  type Principal,
  requirePermission,
} from '@citysoc/core';
import type { CompiledCorrelations } from '@citysoc/core/sigma';
import { z } from 'zod';
import type { Store } from '../../platform/db/database.ts';
import { findAlert, findEventForDetection } from './alerts.repository.ts';
import { detectionEvent } from './detection-event.ts';
import type { DetectionEngine } from './detection-rules.ts';

/** The part of an alert's `document` column an explanation needs. */
const AlertDocument = z.object({ correlation: AlertCorrelation.optional() });

/** The base rules under a correlation, following correlations built on correlations (loops are refused). */
function baseRuleIds(set: CompiledCorrelations, key: string): string[] | null {
  const byIndex = new Map(set.correlations.map((c) => [c.index, c]));
  const root = set.correlations.find((c) => c.correlation.key === key);
  if (!root) return null;
  const ids = new Set<string>();
  const visit = (index: number): void => {
    for (const source of byIndex.get(index)?.sources ?? []) {
      if (source.target.kind === 'rule') ids.add(source.target.id);
      else visit(source.target.index);
    }
  };
  visit(root.index);
  return [...ids];
}

export interface AlertExplanations {
  /**
   * Why an alert was raised, from its stored event and the rules loaded now. Same visibility as the alert
   * (NotFoundError outside the actor's departments); it shows event values, so it needs events.read too.
   */
  explain(actor: Principal, alertId: string): Promise<AlertExplanation>;
}

/**
 * "Why it matched" for the Alerts page. The engine is the one detection runs, so the answer is what detection
 * would decide on that event today; it runs only when someone asks, never in the pipeline.
 */
export function createAlertExplanations(deps: {
  store: Store;
  /** The engine to explain with, asked on each call: the catalog replaces it when rules change. */
  engine: () => DetectionEngine;
}): AlertExplanations {
  const { store } = deps;
  return {
    async explain(actor, alertId) {
      const engine = deps.engine();
      requirePermission(actor, 'alerts.read');
      requirePermission(actor, 'events.read');
      const alert = await findAlert(store.db, actor.departments, alertId);
      if (!alert) throw new NotFoundError(`Alert '${alertId}' not found`);
      const ids = { alertId: alert.id, ruleId: alert.rule_id, eventId: alert.event_id };
      const unavailable = (reason: string): AlertExplanation => ({ available: false, ...ids, reason });
      const { correlation } = AlertDocument.parse(JSON.parse(alert.document));
      const ruleIds = correlation ? baseRuleIds(engine.correlations, alert.rule_id) : [alert.rule_id];
      if (ruleIds === null) {
        return unavailable(
          `correlation '${alert.rule_id}' is not loaded any more: it was removed, or refused since the alert was raised`,
        );
      }
      const notLoaded = `rule '${alert.rule_id}' is not among the Sigma rules loaded: it was removed or refused since the alert was raised, or the alert comes from another detector`;
      if (!correlation && !engine.rules.some((r) => r.id === alert.rule_id)) return unavailable(notLoaded);
      const row = await findEventForDetection(store.db, actor.departments, alert.event_id);
      if (!row) return unavailable(`event '${alert.event_id}' is no longer stored (retention removed it)`);
      const event = detectionEvent(JSON.parse(row.document) as Record<string, unknown>, row);
      const explained = ruleIds.flatMap((id) => engine.explain(id, event) ?? []);
      if (correlation) {
        return { available: true, ...ids, correlation: { ...correlation, rules: explained.filter((e) => e.matched) } };
      }
      const [rule] = explained;
      return rule ? { available: true, ...ids, rule } : unavailable(notLoaded);
    },
  };
}
