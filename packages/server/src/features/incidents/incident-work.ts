import {
  CreateComment,
  CreateObservable,
  CreateTask,
  type IncidentComment,
  type IncidentObservable,
  type IncidentTask,
  InputError,
  NotFoundError,
  type Principal,
  requirePermission,
  type TimelineEntry,
  UpdateObservable,
  UpdateTask,
} from '@citysoc/core';
import { z } from 'zod';
import { v7 as timeOrderedUuid } from 'uuid';
import { recordIncidentChange, visibleIncident } from './incident-changes.ts';
import type { IncidentKit } from './incident-kit.ts';
import {
  findObservable,
  findTask,
  insertComment,
  insertObservable,
  insertTask,
  updateObservable,
  updateTask,
} from './incident-parts.repository.ts';
import { toComment, toObservable, toTask, toTimelineEntry } from './incident-view.ts';
import { listTimeline, updateIncident } from './incidents.repository.ts';

/** A timeline entry written by another feature (a playbook step, a notification sent, evidence added). */
export const ExternalTimelineEntry = z.strictObject({
  /** Lower-case word(s), e.g. `playbook`, `notification`; not one of this feature's own kinds. */
  kind: z
    .string()
    .regex(/^[a-z][a-z_.]{1,39}$/)
    .refine((k) => !['created', 'status', 'field', 'alert', 'grouped'].includes(k), 'reserved kind'),
  text: z.string().trim().min(1).max(2000),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type ExternalTimelineEntry = z.input<typeof ExternalTimelineEntry>;

/**
 * The work on a case: tasks, comments, observables and timeline entries from other features. Each change is
 * audited, written on the timeline and touches the incident's `updated_at`, like every other change.
 */
export function createIncidentWork(kit: IncidentKit) {
  const { store } = kit.deps;

  async function done<T>(incidentId: string, value: T): Promise<T> {
    await kit.changed(incidentId);
    return value;
  }

  return {
    async addTask(actor: Principal, incidentId: string, input: unknown): Promise<IncidentTask> {
      requirePermission(actor, 'incidents.manage');
      const request = CreateTask.parse(input);
      const incident = await visibleIncident(store.db, actor, incidentId);
      if (request.assigneeId) await kit.requireAssignable(request.assigneeId, incident.department_id);
      const names = await kit.names();
      const task = await kit.transact(actor, async (ctx) => {
        const row = await visibleIncident(ctx.trx, actor, incidentId);
        const task = {
          id: timeOrderedUuid(),
          incident_id: row.id,
          title: request.title,
          description: request.description,
          status: 'todo',
          assignee_id: request.assigneeId ?? null,
          due: request.due ?? null,
          created_at: ctx.at,
          created_by: actor.name,
          updated_at: ctx.at,
        };
        await insertTask(ctx.trx, task);
        await updateIncident(ctx.trx, row.id, { updated_at: ctx.at });
        await recordIncidentChange(ctx, row, {
          action: 'incident.task.create',
          kind: 'task',
          text: `Task added: ${task.title}`,
          data: { taskId: task.id },
        });
        return task;
      });
      return done(incidentId, toTask(task, names));
    },

    async updateTask(actor: Principal, incidentId: string, taskId: string, input: unknown): Promise<IncidentTask> {
      requirePermission(actor, 'incidents.manage');
      const request = UpdateTask.parse(input);
      const incident = await visibleIncident(store.db, actor, incidentId);
      if (request.assigneeId) await kit.requireAssignable(request.assigneeId, incident.department_id);
      const names = await kit.names();
      const task = await kit.transact(actor, async (ctx) => {
        const row = await visibleIncident(ctx.trx, actor, incidentId);
        const before = await findTask(ctx.trx, row.id, taskId);
        if (!before) throw new NotFoundError(`Task '${taskId}' not found`);
        const changes = {
          ...(request.title !== undefined && { title: request.title }),
          ...(request.description !== undefined && { description: request.description }),
          ...(request.status !== undefined && { status: request.status }),
          ...(request.assigneeId !== undefined && { assignee_id: request.assigneeId }),
          ...(request.due !== undefined && { due: request.due }),
        };
        await updateTask(ctx.trx, taskId, { ...changes, updated_at: ctx.at });
        await updateIncident(ctx.trx, row.id, { updated_at: ctx.at });
        const status = request.status !== undefined && request.status !== before.status;
        await recordIncidentChange(ctx, row, {
          action: 'incident.task.update',
          kind: 'task',
          text: status ? `Task ${request.status}: ${before.title}` : `Task updated: ${before.title}`,
          data: { taskId, fields: Object.keys(changes), ...(status && { from: before.status, to: request.status }) },
        });
        return (await findTask(ctx.trx, row.id, taskId))!;
      });
      return done(incidentId, toTask(task, names));
    },

    async addComment(actor: Principal, incidentId: string, input: unknown): Promise<IncidentComment> {
      requirePermission(actor, 'incidents.manage');
      const request = CreateComment.parse(input);
      const comment = await kit.transact(actor, async (ctx) => {
        const row = await visibleIncident(ctx.trx, actor, incidentId);
        const comment = {
          id: timeOrderedUuid(),
          incident_id: row.id,
          author_id: actor.id,
          author_name: actor.name,
          body: request.body,
          created_at: ctx.at,
        };
        await insertComment(ctx.trx, comment);
        await updateIncident(ctx.trx, row.id, { updated_at: ctx.at });
        // The timeline says that someone commented, not what: comments have their own list.
        await recordIncidentChange(ctx, row, {
          action: 'incident.comment',
          kind: 'comment',
          text: 'Comment added',
          data: { commentId: comment.id },
        });
        return comment;
      });
      return done(incidentId, toComment(comment));
    },

    async addObservable(actor: Principal, incidentId: string, input: unknown): Promise<IncidentObservable> {
      requirePermission(actor, 'incidents.manage');
      const request = CreateObservable.parse(input);
      const observable = await kit.transact(actor, async (ctx) => {
        const row = await visibleIncident(ctx.trx, actor, incidentId);
        const duplicate = await findObservable(ctx.trx, row.id, { type: request.type, value: request.value });
        if (duplicate) throw new InputError(`The incident already has the ${request.type} '${request.value}'`);
        const observable = {
          id: timeOrderedUuid(),
          incident_id: row.id,
          type: request.type,
          value: request.value,
          tlp: request.tlp,
          pap: request.pap,
          blocklisted_at: request.block ? ctx.at : null,
          description: request.description,
          created_at: ctx.at,
          created_by: actor.name,
        };
        await insertObservable(ctx.trx, observable);
        await updateIncident(ctx.trx, row.id, { updated_at: ctx.at });
        await recordIncidentChange(ctx, row, {
          action: 'incident.observable.add',
          kind: 'observable',
          text: `Observable added: ${request.type} ${request.value}${request.block ? ' (to block)' : ''}`,
          data: { observableId: observable.id, type: request.type, tlp: request.tlp, block: request.block },
        });
        return observable;
      });
      return done(incidentId, toObservable(observable));
    },

    async updateObservable(
      actor: Principal,
      incidentId: string,
      observableId: string,
      input: unknown,
    ): Promise<IncidentObservable> {
      requirePermission(actor, 'incidents.manage');
      const request = UpdateObservable.parse(input);
      const observable = await kit.transact(actor, async (ctx) => {
        const row = await visibleIncident(ctx.trx, actor, incidentId);
        const before = await findObservable(ctx.trx, row.id, { id: observableId });
        if (!before) throw new NotFoundError(`Observable '${observableId}' not found`);
        const block = request.block === undefined ? {} : { blocklisted_at: request.block ? ctx.at : null };
        await updateObservable(ctx.trx, observableId, {
          ...(request.tlp !== undefined && { tlp: request.tlp }),
          ...(request.pap !== undefined && { pap: request.pap }),
          ...(request.block !== undefined && (before.blocklisted_at !== null) !== request.block && block),
        });
        await updateIncident(ctx.trx, row.id, { updated_at: ctx.at });
        await recordIncidentChange(ctx, row, {
          action: 'incident.observable.update',
          kind: 'observable',
          text: `Observable updated: ${before.type} ${before.value}`,
          data: { observableId, ...request },
        });
        return (await findObservable(ctx.trx, row.id, { id: observableId }))!;
      });
      return done(incidentId, toObservable(observable));
    },

    /**
     * Writes an entry on the timeline for another feature (the extension point for playbooks, notifications,
     * evidence). Audited like every change; the kinds this feature writes itself are reserved.
     */
    async addTimelineEntry(actor: Principal, incidentId: string, input: ExternalTimelineEntry): Promise<void> {
      requirePermission(actor, 'incidents.manage');
      const entry = ExternalTimelineEntry.parse(input);
      await kit.transact(actor, async (ctx) => {
        const row = await visibleIncident(ctx.trx, actor, incidentId);
        await recordIncidentChange(ctx, row, { action: `incident.${entry.kind}`, ...entry });
      });
      await kit.changed(incidentId);
    },

    async timeline(actor: Principal, incidentId: string): Promise<TimelineEntry[]> {
      requirePermission(actor, 'incidents.read');
      const row = await visibleIncident(store.db, actor, incidentId);
      return (await listTimeline(store.db, row.id, 10_000)).map(toTimelineEntry);
    },
  };
}
