import {
  type AssetStatus,
  hasPermission,
  type ImpactAnswer,
  type NotificationRecipients,
  type PlaybookStep,
  type Principal,
  renderJson,
  renderText,
  responseActionOfStep,
  type StepAttempt,
  type TemplateContext,
  textOf,
  lookupPath,
} from '@citysoc/core';
import { deliverWebhook } from '../../platform/webhook.ts';
import { AUTOMATION_PRINCIPAL, type PlaybookKit } from './playbook-kit.ts';
import type { RunRow, StepRow } from './playbook-runs.repository.ts';

/** What running (part of) a step came to. */
export type StepResult =
  | { readonly state: 'succeeded'; readonly summary: string; readonly output?: Record<string, unknown> }
  | { readonly state: 'failed'; readonly error: string; readonly output?: Record<string, unknown> }
  /** A response approval now holds the action for a second person. */
  | { readonly state: 'held'; readonly summary: string; readonly approvalId: string; readonly impact: ImpactAnswer };

/** A gated step before anyone approved it: what is at stake, and whether two persons must agree. */
export interface Gate {
  impact: ImpactAnswer | null;
  twoPerson: boolean;
  action: string | null;
}

type AssetStep = Extract<PlaybookStep, { kind: 'isolate_asset' | 'set_asset_status' }>;

/** A step about an asset: the response service holds it for a second person, not the run. */
export const isAssetStep = (step: PlaybookStep): step is AssetStep =>
  step.kind === 'isolate_asset' || step.kind === 'set_asset_status';

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

function statusOf(step: AssetStep): AssetStatus {
  return step.kind === 'isolate_asset' ? 'isolated' : step.status;
}

/** The assets a gated step would cut off, for its impact. */
async function assetsAtStake(kit: PlaybookKit, step: PlaybookStep, ctx: TemplateContext): Promise<string[]> {
  const model = await kit.deps.city.current();
  const known = (ids: readonly string[]) => ids.filter((id) => model.assets.has(id));
  switch (step.kind) {
    case 'isolate_asset':
    case 'set_asset_status':
      return [renderText(step.asset, ctx, 200)];
    case 'block': {
      // Blocking an address or name a city asset answers on cuts that asset off like isolating it would.
      const value = renderText(step.value, ctx, 2048).toLowerCase();
      return [...model.assets.values()]
        .filter((a) => a.ip.some((ip) => ip === value) || a.hostnames.includes(value))
        .map((a) => a.id);
    }
    case 'wait_for_approval': {
      if (!step.impact_of) return [];
      const { assets } = step.impact_of;
      const listed = assets.includes('{{') ? renderText(assets, ctx).split(', ') : lookupPath(ctx, `inputs.${assets}`);
      return known(Array.isArray(listed) ? listed.map((v) => textOf(v)) : [textOf(listed)]);
    }
    default:
      return [];
  }
}

export function createStepActions(kit: PlaybookKit) {
  const { deps, notifier } = kit;
  const { incidents, response, impact } = deps;
  const env = deps.env ?? process.env;

  async function webhook(
    step: Extract<PlaybookStep, { kind: 'webhook' }>,
    ctx: TemplateContext,
    onAttempts: (attempts: StepAttempt[]) => Promise<void>,
  ): Promise<StepResult> {
    const url = step.url ?? env[step.url_env ?? ''];
    if (!url)
      return { state: 'failed', error: `The environment variable ${step.url_env ?? ''} (webhook URL) is not set` };
    const secret = step.secret_env === undefined ? undefined : env[step.secret_env];
    if (step.secret_env !== undefined && !secret) {
      // Never send unsigned what the playbook meant to sign: the receiver would have to trust anyone.
      return { state: 'failed', error: `The environment variable ${step.secret_env} (webhook secret) is not set` };
    }
    const attempts: StepAttempt[] = [];
    let saving = Promise.resolve();
    const result = await deliverWebhook(
      { url, payload: renderJson(step.body, ctx), ...(secret !== undefined && { secret }) },
      {
        attempts: step.attempts,
        ...deps.webhook,
        onRetry: (attempt, reason, delayMs) => {
          const status = /^HTTP (\d{3})/.exec(reason)?.[1];
          attempts.push({
            attempt,
            at: kit.now().toISOString(),
            ok: false,
            status: status === undefined ? null : Number(status),
            error: reason,
            retryInMs: Math.round(delayMs),
          });
          const snapshot = [...attempts];
          saving = saving.then(() => onAttempts(snapshot));
        },
      },
    );
    attempts.push({
      attempt: result.attempts,
      at: kit.now().toISOString(),
      ok: result.ok,
      status: result.status,
      error: result.error,
      retryInMs: null,
    });
    await saving;
    await onAttempts(attempts);
    const output = { deliveryId: result.deliveryId, attempts: result.attempts, status: result.status };
    const tries = `${result.attempts} attempt${result.attempts === 1 ? '' : 's'}`;
    return result.ok
      ? { state: 'succeeded', summary: `Webhook delivered (HTTP ${result.status ?? '?'}) after ${tries}`, output }
      : { state: 'failed', error: `Webhook failed after ${tries}: ${result.error ?? 'unknown error'}`, output };
  }

  async function notify(step: Extract<PlaybookStep, { kind: 'notify' }>, run: RunRow, ctx: TemplateContext) {
    const incident = await incidents.get(AUTOMATION_PRINCIPAL, run.incident_id);
    const recipients: NotificationRecipients = {
      userIds: step.to.assignee && incident.assigneeId !== null ? [incident.assigneeId] : [],
      teamIds: [...(step.to.team_ids ?? []), ...(step.to.incident_team && incident.teamId ? [incident.teamId] : [])],
      teamLeadsOf: step.to.team_leads_of ?? [],
      ...(step.to.permission !== undefined && { permission: step.to.permission }),
    };
    const subject = renderText(step.subject, ctx, 300);
    await notifier.notify({
      kind: 'playbook.notify',
      severity: step.severity,
      title: subject,
      body: renderText(step.message, ctx),
      departmentId: run.department_id,
      link: `/incidents/${run.incident_id}`,
      recipients,
      dedupeKey: `playbook:${run.id}:${step.id}`,
    });
    return { state: 'succeeded', summary: `Notified: ${subject}` } as const;
  }

  async function setStatus(step: Extract<PlaybookStep, { kind: 'set_status' }>, run: RunRow, actor: Principal) {
    const current = await incidents.get(actor, run.incident_id);
    if (current.status === step.status) {
      return { state: 'succeeded', summary: `The incident is already in ${step.status}` } as const;
    }
    await incidents.update(actor, run.incident_id, {
      status: step.status,
      ...(step.reason !== undefined && { reason: step.reason }),
    });
    return { state: 'succeeded', summary: `Incident status ${current.status} → ${step.status}` } as const;
  }

  /** Asset steps go through the response service: its stance check, impact and audit apply as for a person. */
  async function changeAsset(step: AssetStep, run: RunRow, ctx: TemplateContext, actor: Principal) {
    const asset = renderText(step.asset, ctx, 200);
    const status = statusOf(step);
    const reason = `Playbook “${run.playbook_title}”, step ${step.id}: ${renderText(step.reason, ctx, 1500)}`;
    const outcome = await response.changeAssetStatus(actor, asset, status, reason.slice(0, 2000));
    if (outcome.kind === 'pending') {
      return {
        state: 'held',
        approvalId: outcome.approval.id,
        impact: outcome.approval.impact,
        summary: `Asset ${asset} → ${status} waits for a second person (stance level ${outcome.approval.stance_level})`,
      } as const;
    }
    return {
      state: 'succeeded',
      summary: `Asset ${asset} is now ${outcome.asset.status}`,
      output: { assetId: asset, status: outcome.asset.status },
    } as const;
  }

  async function block(
    step: Extract<PlaybookStep, { kind: 'block' }>,
    run: RunRow,
    ctx: TemplateContext,
    actor: Principal,
  ) {
    const value = renderText(step.value, ctx, 2048).trim();
    if (value === '') return { state: 'failed', error: 'Nothing to block: the value is empty' } as const;
    const incident = await incidents.get(actor, run.incident_id);
    const existing = incident.observables.find((o) => o.type === step.type && o.value === value);
    if (existing?.block) return { state: 'succeeded', summary: `${step.type} ${value} was already blocked` } as const;
    const observable = existing
      ? await incidents.updateObservable(actor, run.incident_id, existing.id, { block: true })
      : await incidents.addObservable(actor, run.incident_id, {
          type: step.type,
          value,
          block: true,
          description: renderText(step.reason, ctx, 2000) || `Blocked by playbook ${run.playbook_id}`,
        });
    return {
      state: 'succeeded',
      summary: `${step.type} ${value} marked for the blocklists`,
      output: { observableId: observable.id },
    } as const;
  }

  return {
    /** Runs a step that needs no approval, as the run's actor. */
    async perform(
      run: RunRow,
      row: StepRow,
      step: PlaybookStep,
      ctx: TemplateContext,
      actor: Principal,
      onAttempts: (attempts: StepAttempt[]) => Promise<void>,
    ): Promise<StepResult> {
      try {
        switch (step.kind) {
          case 'create_task': {
            const title = renderText(step.task.title, ctx, 300);
            const due =
              step.task.due_in === undefined
                ? undefined
                : new Date(kit.now().getTime() + step.task.due_in * 1000).toISOString();
            const task = await incidents.addTask(actor, run.incident_id, {
              title,
              description: renderText(step.task.description, ctx),
              ...(due !== undefined && { due }),
            });
            return { state: 'succeeded', summary: `Task created: ${title}`, output: { taskId: task.id } };
          }
          case 'notify':
            return await notify(step, run, ctx);
          case 'webhook':
            return await webhook(step, ctx, onAttempts);
          case 'set_status':
            return await setStatus(step, run, actor);
          case 'set_asset_status':
          case 'isolate_asset':
            return await changeAsset(step, run, ctx, actor);
          case 'block':
          case 'wait_for_approval':
            return { state: 'failed', error: `Step ${row.step_id} needs an approval first` };
        }
      } catch (error) {
        return { state: 'failed', error: errorText(error) };
      }
    },

    /** What a gated step puts at stake: the impact on city services, and whether the stance wants two persons. */
    async gate(run: RunRow, step: PlaybookStep, ctx: TemplateContext): Promise<Gate> {
      const action = responseActionOfStep(step);
      const assets = await assetsAtStake(kit, step, ctx);
      const model = await deps.city.current();
      const department = model.assets.get(assets[0] ?? '')?.department ?? run.department_id ?? 'city';
      const policy = deps.effectivePolicy(department);
      const twoPerson =
        (step.kind === 'wait_for_approval' && step.two_person) ||
        (action !== null && policy.approval_required_for.some((a) => a === action));
      let answer: ImpactAnswer | null = null;
      if (assets.length > 0) {
        const what =
          step.kind === 'wait_for_approval'
            ? (step.impact_of?.action ?? 'isolate')
            : step.kind === 'set_asset_status' && step.status === 'offline'
              ? 'offline'
              : 'isolate';
        answer = await impact.whatIf(AUTOMATION_PRINCIPAL, { asset: assets, action: what });
      }
      return { impact: answer, twoPerson, action };
    },

    /** Carries out a gated step once approved, as the person who approved it. */
    async performApproved(
      run: RunRow,
      step: PlaybookStep,
      ctx: TemplateContext,
      approver: Principal,
      reason: string,
    ): Promise<StepResult> {
      try {
        switch (step.kind) {
          case 'wait_for_approval':
            return { state: 'succeeded', summary: `Approved by ${approver.name}: ${reason}` };
          case 'block':
            if (!hasPermission(approver, 'incidents.manage')) {
              return { state: 'failed', error: 'Blocking marks the case: incidents.manage is needed too' };
            }
            return await block(step, run, ctx, approver);
          case 'isolate_asset':
          case 'set_asset_status':
            return await changeAsset(step, run, ctx, approver);
          default:
            return { state: 'failed', error: `Step kind ${step.kind} takes no approval` };
        }
      } catch (error) {
        return { state: 'failed', error: errorText(error) };
      }
    },

    changeAsset,
  };
}

export type StepActions = ReturnType<typeof createStepActions>;
