import { describe, expect, it } from 'vitest';
import { describeCondition, evaluateCondition } from './condition.ts';
import { isGatedStep, parsePlaybook, parsePlaybooks, type Playbook, responseActionOfStep } from './playbook.ts';
import {
  incidentContext,
  matchPlaybook,
  planSteps,
  type PlaybookSubject,
  resolveInputs,
  stepContext,
} from './subject.ts';
import { renderJson, renderText, templatePaths } from './template.ts';

const RANSOMWARE = `id: ransomware-server
version: 2
title: Ransomware on a server
auto_start: true
triggers:
  - {tag: attack.t1486}
  - {rule: ransom-note, severity_at_least: high}
inputs:
  servers: {from: assets, asset_types: [server, vm]}
  severity: {from: severity}
  bad_ips: {from: observables, observable_types: [ip]}
steps:
  - id: triage
    kind: create_task
    task: {title: "Triage {{incident.ref}}: {{incident.title}}", due_in: 1h}
  - id: isolate
    kind: isolate_asset
    for_each: servers
    when: {field: severity, in: [high, critical]}
    asset: "{{item}}"
    reason: "Ransomware ({{incident.ref}})"
  - id: block
    kind: block
    for_each: bad_ips
    value: "{{item}}"
    type: ip
  - id: soar
    kind: webhook
    url: https://soar.city.example/hooks/citysoc
    secret_env: SOAR_SECRET
    body: {incident: "{{incident.ref}}", assets: "{{inputs.servers}}"}
`;

function parsed(text: string, name = 'ransomware.yml'): Playbook {
  const result = parsePlaybook({ name, text });
  if ('errors' in result) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

function errorsOf(text: string) {
  const result = parsePlaybook({ name: 'bad.yml', text });
  return 'errors' in result ? result.errors : [];
}

const subject = (over: Partial<PlaybookSubject> = {}): PlaybookSubject => ({
  id: 'i-1',
  ref: 'INC-7',
  title: 'Files encrypted on scada-1',
  severity: 'high',
  priority: 'P1',
  status: 'triage',
  departmentId: 'water',
  type: null,
  assets: [
    { id: 'scada-1', type: 'server' },
    { id: 'cam-1', type: 'camera' },
  ],
  serviceIds: ['water-supply'],
  techniques: ['T1486'],
  observables: [
    { type: 'ip', value: '203.0.113.9' },
    { type: 'domain', value: 'evil.example' },
  ],
  alerts: [{ ruleId: 'ransom-note', tags: ['attack.impact', 'attack.t1486'] }],
  ...over,
});

describe('playbook files', () => {
  it('parses a playbook with defaults, and classifies its destructive steps', () => {
    const playbook = parsed(RANSOMWARE);
    expect(playbook).toMatchObject({ id: 'ransomware-server', version: 2, auto_start: true });
    expect(playbook.steps.map((s) => s.on_failure)).toEqual(['stop', 'stop', 'stop', 'stop']);
    const [task, isolate, block, webhook] = playbook.steps;
    expect(task?.kind === 'create_task' && task.task.due_in).toBe(3600);
    expect([task, isolate, block, webhook].map((s) => s && isGatedStep(s))).toEqual([false, true, true, false]);
    expect([isolate, block].map((s) => s && responseActionOfStep(s))).toEqual(['isolate', 'block_ip']);
  });

  it('refuses unknown keys, kinds and placeholders with the line', () => {
    expect(errorsOf(RANSOMWARE.replace('kind: block', 'kind: nuke'))[0]).toMatchObject({ path: 'steps.2.kind' });
    expect(errorsOf(RANSOMWARE.replace('type: ip', 'type: ip\n    colour: red'))[0]).toMatchObject({
      path: 'steps.2.colour',
      line: 27,
      message: 'unknown key',
    });
    expect(errorsOf(RANSOMWARE.replace('{{incident.ref}}:', '{{incident.secret}}:'))[0]?.message).toContain(
      "unknown field 'incident.secret'",
    );
    expect(errorsOf(RANSOMWARE.replace('Triage {{incident.ref}}', 'Triage {{item}}'))[0]?.message).toContain(
      'only in a step with for_each',
    );
    expect(errorsOf(RANSOMWARE.replace('Triage {{incident.ref}}', 'Triage {{incident.ref}')).length).toBe(1);
  });

  it('refuses for_each over a missing or single-valued input, and conditions on undeclared inputs', () => {
    expect(errorsOf(RANSOMWARE.replace('for_each: servers', 'for_each: severity'))[0]?.message).toContain(
      'is one value, not a list',
    );
    expect(errorsOf(RANSOMWARE.replace('for_each: servers', 'for_each: printers'))[0]?.message).toContain(
      "no input named 'printers'",
    );
    expect(errorsOf(RANSOMWARE.replace('field: severity', 'field: colour'))[0]?.message).toContain(
      "unknown field 'inputs.colour'",
    );
  });

  it('refuses a webhook whose URL is not fixed, and a condition with two operators', () => {
    expect(errorsOf(RANSOMWARE.replace('url: https://soar.city.example/hooks/citysoc', 'secret: x'))).not.toEqual([]);
    expect(errorsOf(RANSOMWARE.replace('in: [high, critical]', 'in: [high], equals: low'))[0]?.message).toContain(
      'exactly one of',
    );
  });

  it('refuses duplicate step ids, and a second file with a taken playbook id', () => {
    expect(errorsOf(RANSOMWARE.replace('id: block', 'id: isolate'))[0]?.message).toContain(
      "duplicate step id 'isolate'",
    );
    const { playbooks, errors } = parsePlaybooks([
      { name: 'a.yml', text: RANSOMWARE },
      { name: 'b.yml', text: RANSOMWARE },
      { name: 'c.yml', text: 'id: x\nversion: 1\ntitle: x\nsteps: []\n' },
    ]);
    expect(playbooks.map((p) => p.id)).toEqual(['ransomware-server']);
    expect(errors.map((e) => e.file)).toEqual(['b.yml', 'c.yml']);
  });
});

describe('triggers', () => {
  const playbook = parsed(RANSOMWARE);

  it('match on a rule tag or an ATT&CK technique, and say why', () => {
    expect(matchPlaybook(playbook, subject())).toEqual({ matched: true, reason: 'tag attack.t1486' });
    const byTechnique = subject({ alerts: [], techniques: ['T1486'] });
    expect(matchPlaybook(playbook, byTechnique).matched).toBe(true);
  });

  it('need every field of one trigger', () => {
    const noTag = { techniques: [], alerts: [{ ruleId: 'ransom-note', tags: [] }] };
    expect(matchPlaybook(playbook, subject({ ...noTag, severity: 'medium' })).matched).toBe(false);
    expect(matchPlaybook(playbook, subject({ ...noTag, severity: 'critical' }))).toEqual({
      matched: true,
      reason: 'rule ransom-note, severity critical ≥ high',
    });
  });

  it('match services, asset types, incident types and sub-techniques', () => {
    const other = parsed(
      RANSOMWARE.replace(
        /triggers:\n[\s\S]*?inputs:/,
        'triggers:\n  - {service: e-gov}\n  - {asset_type: plc}\n  - {incident_type: ddos}\n  - {technique: T1059}\ninputs:',
      ),
    );
    const none = subject({ alerts: [], techniques: [] });
    expect(matchPlaybook(other, none).matched).toBe(false);
    expect(matchPlaybook(other, { ...none, serviceIds: ['e-gov'] }).reason).toBe('service e-gov');
    expect(matchPlaybook(other, { ...none, assets: [{ id: 'p', type: 'plc' }] }).reason).toBe('plc affected');
    expect(matchPlaybook(other, { ...none, type: 'ddos' }).reason).toBe('type ddos');
    expect(matchPlaybook(other, { ...none, techniques: ['T1059.001'] }).reason).toBe('technique T1059');
  });
});

describe('inputs, conditions and templates', () => {
  const playbook = parsed(RANSOMWARE);
  const inputs = resolveInputs(playbook, subject());
  const context = (item: string | null = null) =>
    stepContext({
      incident: incidentContext(subject()),
      inputs,
      item,
      playbook,
      run: { id: 'r-1', startedBy: 'olga' },
    });

  it('takes inputs from the incident, filtered by type', () => {
    expect(inputs).toEqual({ servers: ['scada-1'], severity: 'high', bad_ips: ['203.0.113.9'] });
  });

  it('plans one step per item, and one skipped step for an empty list', () => {
    const plan = planSteps(playbook, { ...inputs, bad_ips: [] });
    expect(plan.map((p) => [p.stepId, p.item, p.skipReason])).toEqual([
      ['triage', null, null],
      ['isolate', 'scada-1', null],
      ['block', null, 'no bad_ips'],
      ['soar', null, null],
    ]);
  });

  it('evaluates conditions as data', () => {
    const c = context('scada-1');
    expect(evaluateCondition({ field: 'severity', in: ['high', 'critical'] }, c)).toBe(true);
    expect(evaluateCondition({ field: 'severity', at_least: 'critical' }, c)).toBe(false);
    expect(evaluateCondition({ field: 'incident.severity', at_least: 'medium' }, c)).toBe(true);
    expect(evaluateCondition({ field: 'servers', contains: 'scada-1' }, c)).toBe(true);
    expect(evaluateCondition({ field: 'bad_ips', empty: false }, c)).toBe(true);
    expect(evaluateCondition({ field: 'nothing', empty: true }, c)).toBe(true);
    expect(evaluateCondition({ not: { field: 'item', equals: 'scada-1' } }, c)).toBe(false);
    const both = { all: [{ field: 'severity', equals: 'high' }, { any: [{ field: 'item', not_in: ['x'] }] }] };
    expect(evaluateCondition(both, c)).toBe(true);
    expect(describeCondition({ field: 'severity', in: ['high', 'critical'] })).toBe('severity in [high, critical]');
  });

  it('substitutes placeholders without evaluating anything, and strips control characters', () => {
    const c = stepContext({
      incident: incidentContext(subject({ title: 'bad\r\nInjected: header' })),
      inputs,
      item: null,
      playbook,
      run: { id: 'r-1', startedBy: 'olga' },
    });
    expect(renderText('{{ incident.ref }}: {{incident.title}}', c)).toBe('INC-7: bad  Injected: header');
    expect(renderText('{{inputs.servers}} / {{incident.constructor}} / {{run.started_by}}', c)).toBe(
      'scada-1 /  / olga',
    );
    expect(renderJson({ ref: '{{incident.ref}}', assets: '{{inputs.servers}}', n: 3 }, c)).toEqual({
      ref: 'INC-7',
      assets: ['scada-1'],
      n: 3,
    });
    expect(() => templatePaths('{{ 1 + 1 }}')).toThrow(/malformed placeholder/);
  });
});
