import {
  breachNotifyBy,
  ConflictError,
  type DatasetPlacement,
  type DatasetView,
  PERSONAL_CLASSIFICATIONS,
  type IncidentDetail,
  InputError,
  nextBreachState,
  personalDatasetsTouched,
  type Principal,
  RecordBreachNotification,
  requirePermission,
  SYSTEM_PRINCIPAL,
} from '@citysoc/core';
import { type ChangeContext, recordIncidentChange, visibleIncident } from './incident-changes.ts';
import type { IncidentKit } from './incident-kit.ts';
import { breachDatasetsOf, incidentLists } from './incident-view.ts';
import { findIncident, updateIncident } from './incidents.repository.ts';

/**
 * Starts the personal-data breach clock inside a change, when the incident's affected assets or services now
 * touch a personal dataset and did not before; adds datasets touched later. The catalogue is read by the
 * caller before the transaction (on SQLite a read outside the transaction would wait for it). Returns whether
 * anything changed.
 */
export async function applyBreachClock(
  ctx: ChangeContext,
  incidentId: string,
  catalogue: readonly DatasetPlacement[],
): Promise<boolean> {
  if (catalogue.length === 0) return false;
  const row = await findIncident(ctx.trx, SYSTEM_PRINCIPAL.departments, incidentId);
  if (!row) return false;
  const touched = personalDatasetsTouched(incidentLists(row), catalogue);
  const next = nextBreachState({ datasets: breachDatasetsOf(row), clockStartedAt: row.breach_started_at }, touched);
  if (next === null) return false;
  await updateIncident(ctx.trx, row.id, {
    breach_datasets: JSON.stringify(next.datasets),
    ...(next.start && { breach_started_at: ctx.at }),
  });
  const names = next.added.map((d) => `${d.name} (${d.classification.replace('_', ' ')})`).join(', ');
  const notifyBy = breachNotifyBy(row.breach_started_at ?? ctx.at);
  await recordIncidentChange(ctx, row, {
    action: next.start ? 'incident.breach_clock.start' : 'incident.breach_clock.datasets',
    kind: 'breach',
    text: next.start
      ? `Personal data affected: ${names}. The 72-hour clock to notify the supervisory authority started; notify by ${notifyBy}`
      : `More personal data affected: ${names}`,
    data: { datasets: next.added.map((d) => d.id), notifyBy },
  });
  return true;
}

/** Recording that the supervisory authority was told: once per incident, audited, on the timeline. */
export function createBreachNotifications(kit: IncidentKit) {
  return {
    async recordBreachNotification(actor: Principal, incidentId: string, input: unknown): Promise<IncidentDetail> {
      requirePermission(actor, 'incidents.manage');
      const request = RecordBreachNotification.parse(input);
      const now = kit.now();
      const at = request.notifiedAt === undefined ? now.toISOString() : new Date(request.notifiedAt).toISOString();
      if (Date.parse(at) > now.getTime() + 60_000)
        throw new InputError('notifiedAt: the notification is in the future');
      await kit.transact(actor, async (ctx) => {
        const row = await visibleIncident(ctx.trx, actor, incidentId);
        if (row.breach_started_at === null) {
          throw new InputError('This incident touches no personal dataset: there is no breach to notify');
        }
        if (row.breach_notified_at !== null) {
          throw new ConflictError(`The authority was already notified at ${row.breach_notified_at}`);
        }
        await updateIncident(ctx.trx, row.id, {
          breach_notified_at: at,
          breach_notified_by: actor.name,
          breach_authority: request.authority,
          breach_reference: request.reference,
          updated_at: ctx.at,
        });
        const notifyBy = breachNotifyBy(row.breach_started_at);
        const late = Date.parse(at) > Date.parse(notifyBy);
        await recordIncidentChange(ctx, row, {
          action: 'incident.breach_notified',
          kind: 'breach',
          text:
            `Supervisory authority notified (${request.authority}, reference ${request.reference}) at ${at}` +
            (late ? ', after the 72-hour deadline' : ', within 72 hours'),
          data: { notifiedAt: at, authority: request.authority, reference: request.reference, late },
        });
      });
      await kit.changed(incidentId);
      return kit.detail(actor, incidentId);
    },
  };
}

/**
 * The breach clock's view of the data catalogue, read through the data-protection feature's own service (as the
 * system, since an incident's department need not be the dataset's).
 */
export function personalDataCatalogue(datasets: {
  list(actor: Principal, filter: { classification?: string }): Promise<DatasetView[]>;
}): () => Promise<DatasetPlacement[]> {
  return async () => {
    const found = await Promise.all(
      [...PERSONAL_CLASSIFICATIONS].map((classification) => datasets.list(SYSTEM_PRINCIPAL, { classification })),
    );
    return found.flat().map((d) => ({
      id: d.id,
      name: d.name,
      classification: d.classification,
      storedOn: d.stored_on,
      processedBy: d.processed_by,
      services: d.services,
    }));
  };
}
