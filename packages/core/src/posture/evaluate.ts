import type { Asset, Criticality } from '../city/inventory.ts';
import { type Control, type PostureDirection } from './control.ts';

/** The latest report of one metric by one asset. */
export interface Observation {
  readonly state: string | null;
  readonly value: number | null;
  /** epoch ms */
  readonly at: number;
}

/** An open vulnerability finding, as patch-level evidence needs it. */
export interface OpenFinding {
  readonly priority: 'P1' | 'P2' | 'P3' | 'P4';
  /** YYYY-MM-DD */
  readonly due: string;
  readonly cve: string;
}

export interface Attestation {
  readonly control: string;
  /** An asset id (asset-level controls) or a department id (department-level controls). */
  readonly target: string;
  readonly by: string;
  /** epoch ms */
  readonly at: number;
  /** epoch ms */
  readonly expires: number;
  readonly note: string;
}

export interface PostureInputs {
  readonly controls: readonly Control[];
  readonly assets: readonly Asset[];
  readonly departments: readonly string[];
  /** Services each asset supports (directly or through other assets). */
  readonly servicesOf: ReadonlyMap<string, readonly string[]>;
  /** Latest observation by asset id, then metric. */
  readonly observations: ReadonlyMap<string, ReadonlyMap<string, Observation>>;
  /** Open findings by asset id. */
  readonly findings: ReadonlyMap<string, readonly OpenFinding[]>;
  readonly attestations: readonly Attestation[];
  /** The previous evaluation's status and since-when per result key, to carry "since" forward. */
  readonly previous?: ReadonlyMap<string, { readonly status: ResultStatus; readonly since: string }>;
  /** epoch ms */
  readonly now: number;
}

/** `stale`: evidence exists but is older than allowed; `missing`: no evidence at all. Only `pass` passes. */
export type ResultStatus = 'pass' | 'fail' | 'stale' | 'missing';

export interface ControlResult {
  /** `<control>|<target kind>:<target id>`: stable across evaluations. */
  readonly key: string;
  readonly control: string;
  readonly direction: PostureDirection;
  readonly weight: number;
  readonly target: { readonly kind: 'asset' | 'department'; readonly id: string };
  readonly department: string;
  readonly status: ResultStatus;
  /** What was seen, or what is missing, in words. */
  readonly reason: string;
  /** When the evidence was observed (epoch ms), if any. */
  readonly observedAt: number | null;
  /** ISO time since the result has had this status. */
  readonly since: string;
}

const CRITICALITY_RANK: Readonly<Record<Criticality, number>> = { low: 0, medium: 1, high: 2, critical: 3 };
const PRIORITY_RANK = { P1: 1, P2: 2, P3: 3, P4: 4 } as const;

function applies(control: Control, asset: Asset, servicesOf: ReadonlyMap<string, readonly string[]>): boolean {
  const scope = control.applies_to;
  if (scope.asset_types && !scope.asset_types.includes(asset.type)) return false;
  if (scope.zones && !scope.zones.includes((asset.zone ?? '').toLowerCase())) return false;
  if (scope.min_criticality && CRITICALITY_RANK[asset.criticality] < CRITICALITY_RANK[scope.min_criticality])
    return false;
  if (scope.services) {
    const supported = servicesOf.get(asset.id) ?? [];
    if (!scope.services.some((s) => supported.includes(s))) return false;
  }
  return true;
}

const ageText = (ms: number): string =>
  ms >= 86_400_000
    ? `${Math.floor(ms / 86_400_000)}d`
    : ms >= 3_600_000
      ? `${Math.floor(ms / 3_600_000)}h`
      : `${Math.max(0, Math.floor(ms / 60_000))}m`;

type Judgement = { status: ResultStatus; reason: string; observedAt: number | null };

function judgeTelemetry(
  evidence: Extract<Control['evidence'], { kind: 'telemetry' }>,
  observation: Observation | undefined,
  now: number,
): Judgement {
  if (!observation) return { status: 'missing', reason: `no '${evidence.metric}' report`, observedAt: null };
  const age = now - observation.at;
  const seen = `'${evidence.metric}' ${observation.state ?? observation.value ?? '?'} ${ageText(age)} ago`;
  if (age > evidence.max_age * 1000)
    return {
      status: 'stale',
      reason: `${seen} (older than ${ageText(evidence.max_age * 1000)})`,
      observedAt: observation.at,
    };
  let pass = true;
  if (evidence.pass_states) pass &&= observation.state !== null && evidence.pass_states.includes(observation.state);
  if (evidence.pass_values) {
    const { gte, lte } = evidence.pass_values;
    const value = observation.value;
    pass &&= value !== null && (gte === undefined || value >= gte) && (lte === undefined || value <= lte);
  }
  return { status: pass ? 'pass' : 'fail', reason: seen, observedAt: observation.at };
}

function judgeVulnerabilities(
  evidence: Extract<Control['evidence'], { kind: 'vulnerabilities' }>,
  findings: readonly OpenFinding[],
  now: number,
): Judgement {
  const today = new Date(now).toISOString().slice(0, 10);
  const limit = PRIORITY_RANK[evidence.max_open_priority];
  const severe = findings.filter((f) => PRIORITY_RANK[f.priority] <= limit);
  const overdue = evidence.fail_when_overdue ? findings.filter((f) => f.due < today) : [];
  if (severe.length === 0 && overdue.length === 0)
    return {
      status: 'pass',
      reason: `${findings.length} open finding(s), none ${evidence.max_open_priority} or overdue`,
      observedAt: now,
    };
  const parts = [
    severe.length > 0
      ? `${severe.length} open ${evidence.max_open_priority}+ (${severe
          .slice(0, 3)
          .map((f) => f.cve)
          .join(', ')})`
      : null,
    overdue.length > 0 ? `${overdue.length} overdue` : null,
  ].filter((p) => p !== null);
  return { status: 'fail', reason: parts.join(', '), observedAt: now };
}

function judgeEnvironment(
  evidence: Extract<Control['evidence'], { kind: 'environment' }>,
  asset: Asset,
  sensorsByZone: ReadonlyMap<string, readonly Asset[]>,
  observations: PostureInputs['observations'],
  now: number,
): Judgement {
  const zone = (asset.zone ?? '').toLowerCase();
  if (zone === '')
    return { status: 'missing', reason: 'the asset has no zone, so no sensor can watch it', observedAt: null };
  const problems: string[] = [];
  let oldest: number | null = null;
  for (const metric of evidence.metrics) {
    const sensors = (sensorsByZone.get(zone) ?? []).filter((s) => s.metrics?.[metric] !== undefined);
    if (sensors.length === 0) {
      problems.push(`no ${metric} sensor in zone ${zone}`);
      continue;
    }
    const healthy = sensors.find((sensor) => {
      const observation = observations.get(sensor.id)?.get(metric);
      const range = sensor.metrics?.[metric];
      if (!observation || observation.value === null || sensor.status !== 'operational') return false;
      if (now - observation.at > evidence.max_age * 1000) return false;
      return (
        (range?.min === undefined || observation.value >= range.min) &&
        (range?.max === undefined || observation.value <= range.max)
      );
    });
    if (!healthy) {
      problems.push(
        `${metric} in zone ${zone}: no sensor reporting in range (${sensors
          .map((s) => s.id)
          .slice(0, 3)
          .join(', ')})`,
      );
      continue;
    }
    const at = observations.get(healthy.id)?.get(metric)?.at ?? null;
    if (at !== null) oldest = oldest === null ? at : Math.min(oldest, at);
  }
  if (problems.length > 0) return { status: 'fail', reason: problems.join('; '), observedAt: oldest };
  return {
    status: 'pass',
    reason: `${evidence.metrics.join(', ')} monitored in zone ${zone}, in range`,
    observedAt: oldest,
  };
}

function judgeAttestation(attestation: Attestation | undefined, now: number): Judgement {
  if (!attestation) return { status: 'missing', reason: 'not attested', observedAt: null };
  const by = `attested by ${attestation.by}`;
  if (attestation.expires <= now)
    return {
      status: 'stale',
      reason: `${by}, expired ${new Date(attestation.expires).toISOString().slice(0, 10)}`,
      observedAt: attestation.at,
    };
  return {
    status: 'pass',
    reason: `${by} until ${new Date(attestation.expires).toISOString().slice(0, 10)}`,
    observedAt: attestation.at,
  };
}

/**
 * Evaluates every control on every asset (or department) it applies to. Pure: the server gathers the evidence.
 * Evidence older than the control allows counts as failing ("stale evidence counts as failing"); no evidence
 * at all is `missing`, also failing: a control nobody can show is in place is not in place.
 */
export function evaluateControls(inputs: PostureInputs): ControlResult[] {
  const { now } = inputs;
  const sensorsByZone = new Map<string, Asset[]>();
  for (const asset of inputs.assets) {
    if (!asset.metrics || !asset.zone) continue;
    const zone = asset.zone.toLowerCase();
    sensorsByZone.set(zone, [...(sensorsByZone.get(zone) ?? []), asset]);
  }
  const attestations = new Map<string, Attestation>();
  for (const a of inputs.attestations) {
    const key = `${a.control}|${a.target}`;
    const known = attestations.get(key);
    if (!known || a.expires > known.expires) attestations.set(key, a);
  }
  const nowIso = new Date(now).toISOString();
  const results: ControlResult[] = [];
  const push = (control: Control, kind: 'asset' | 'department', id: string, department: string, judged: Judgement) => {
    const key = `${control.id}|${kind}:${id}`;
    const before = inputs.previous?.get(key);
    results.push({
      key,
      control: control.id,
      direction: control.direction,
      weight: control.weight,
      target: { kind, id },
      department,
      ...judged,
      since: before && before.status === judged.status ? before.since : nowIso,
    });
  };
  for (const control of inputs.controls) {
    const evidence = control.evidence;
    if (control.level === 'department') {
      for (const department of inputs.departments) {
        const judged =
          evidence.kind === 'attestation'
            ? judgeAttestation(attestations.get(`${control.id}|${department}`), now)
            : {
                status: 'missing' as const,
                reason: `${evidence.kind} evidence cannot apply to a department`,
                observedAt: null,
              };
        push(control, 'department', department, department, judged);
      }
      continue;
    }
    for (const asset of inputs.assets) {
      if (!applies(control, asset, inputs.servicesOf)) continue;
      let judged: Judgement;
      switch (evidence.kind) {
        case 'telemetry':
          judged = judgeTelemetry(evidence, inputs.observations.get(asset.id)?.get(evidence.metric), now);
          break;
        case 'vulnerabilities':
          judged = judgeVulnerabilities(evidence, inputs.findings.get(asset.id) ?? [], now);
          break;
        case 'reporting':
          judged =
            asset.status === 'operational'
              ? { status: 'pass', reason: 'reporting', observedAt: now }
              : {
                  status: 'fail',
                  reason: `${asset.status} since ${asset.status_changed_at ?? 'unknown'}`,
                  observedAt: null,
                };
          break;
        case 'environment':
          judged = judgeEnvironment(evidence, asset, sensorsByZone, inputs.observations, now);
          break;
        case 'attestation':
          judged = judgeAttestation(attestations.get(`${control.id}|${asset.id}`), now);
          break;
      }
      push(control, 'asset', asset.id, asset.department, judged);
    }
  }
  return results;
}
