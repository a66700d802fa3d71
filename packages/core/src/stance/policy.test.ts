import { describe, expect, it } from 'vitest';
import { activePolicies, DEFAULT_COOLING_SECONDS } from './policy.ts';
import { formatStancePolicyError, parseStancePolicies } from './policy-parse.ts';
import { policy } from './testing/factories.ts';

const ELEVATED = `# raised when a critical service is exposed
level: 3
title: Elevated
description: Tighter detection and faster remediation.
rule_packs: [folder:ot-strict, tag:attack.discovery]
correlation_threshold_factor: 0.5
sla_factor:
  incidents: 0.75
  remediation: 0.5
approval_required_for: [isolate]
blocklists:
  - name: firewall-ip
    kinds: [ip]
    min_confidence: 70
notify: [soc_operator, cio]
cooling_period: 12h
`;

const one = (name: string, text: string) => parseStancePolicies([{ name, text }]);

describe('parseStancePolicies', () => {
  it('reads a policy file, its id being the file name', () => {
    const { policies, errors } = one('level-3.yml', ELEVATED);
    expect(errors).toEqual([]);
    expect(policies).toEqual([
      {
        id: 'level-3',
        file: 'level-3.yml',
        level: 3,
        title: 'Elevated',
        description: 'Tighter detection and faster remediation.',
        rule_packs: ['folder:ot-strict', 'tag:attack.discovery'],
        correlation_threshold_factor: 0.5,
        sla_factor: { incidents: 0.75, remediation: 0.5 },
        approval_required_for: ['isolate'],
        blocklists: [{ name: 'firewall-ip', kinds: ['ip'], min_confidence: 70 }],
        notify: ['soc_operator', 'cio'],
        cooling_period: 43_200,
      },
    ]);
  });

  it('fills neutral defaults for what a policy does not say', () => {
    const { policies } = one('base.yaml', 'level: 1\ntitle: Normal\ndescription: Business as usual.\n');
    expect(policies[0]).toMatchObject({
      id: 'base',
      rule_packs: [],
      correlation_threshold_factor: 1,
      sla_factor: { incidents: 1, remediation: 1 },
      approval_required_for: [],
      blocklists: [],
      notify: [],
    });
    expect(policies[0]!.cooling_period).toBeUndefined();
  });

  it('rejects an unknown key with its file, path and line', () => {
    const text = ELEVATED.replace('  remediation: 0.5', '  remediation: 0.5\n  remediaton: 0.25');
    expect(one('level-3.yml', text)).toEqual({
      policies: [],
      errors: [{ file: 'level-3.yml', path: 'sla_factor.remediaton', line: 10, message: 'unknown key' }],
    });
  });

  it('rejects a factor that would loosen instead of tighten', () => {
    const { errors } = one('level-3.yml', ELEVATED.replace('incidents: 0.75', 'incidents: 1.5'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'level-3.yml', path: 'sla_factor.incidents', line: 8 });
    expect(formatStancePolicyError(errors[0]!)).toMatch(/^level-3\.yml:8: sla_factor\.incidents: Too big/);
  });

  it('rejects an unknown response action with its index', () => {
    const { errors } = one('level-3.yml', ELEVATED.replace('[isolate]', '[isolate, nuke]'));
    expect(errors).toEqual([expect.objectContaining({ path: 'approval_required_for.1', line: 10 })]);
  });

  it('rejects a blocklist without kinds, pointing at the list entry', () => {
    const { errors } = one('level-3.yml', ELEVATED.replace('    kinds: [ip]\n', ''));
    expect(errors).toEqual([
      expect.objectContaining({ path: 'blocklists.0.kinds', line: 12, message: expect.stringContaining('array') }),
    ]);
  });

  it('rejects a blocklist listed twice', () => {
    const twice = ELEVATED.replace(
      'notify:',
      '  - name: firewall-ip\n    kinds: [ip]\n    min_confidence: 90\nnotify:',
    );
    expect(one('level-3.yml', twice).errors).toEqual([
      expect.objectContaining({ path: 'blocklists', message: 'a blocklist is listed twice' }),
    ]);
  });

  it('rejects a level outside 1..5 and a bad duration', () => {
    const text = ELEVATED.replace('level: 3', 'level: 6').replace('12h', 'soon');
    const { errors } = one('level-3.yml', text);
    expect(errors.map((e) => [e.path, e.line])).toEqual([
      ['level', 2],
      ['cooling_period', 16],
    ]);
  });

  it('reports a YAML syntax error with its line', () => {
    const { errors } = one('broken.yml', 'level: 2\ntitle: [unclosed\ndescription: x\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'broken.yml', path: '' });
    expect(errors[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('reports a duplicate key', () => {
    const { errors } = one('dup.yml', 'level: 2\nlevel: 3\ntitle: t\ndescription: d\n');
    expect(errors).toEqual([expect.objectContaining({ file: 'dup.yml', line: 2 })]);
    expect(errors[0]!.message).toMatch(/unique/);
  });

  it('rejects an empty file, several documents, a document that is not a map', () => {
    expect(one('empty.yml', '# nothing\n').errors[0]!.message).toBe('the file is empty');
    expect(one('two.yml', `${ELEVATED}---\n${ELEVATED}`).errors[0]!.message).toMatch(/one policy per file/);
    expect(one('list.yml', '- level: 1\n').errors[0]).toMatchObject({ path: '', line: 1 });
  });

  it('rejects a file name that cannot be an id, and a file that is not YAML by name', () => {
    expect(one('Level 3.yml', ELEVATED).errors[0]!.message).toMatch(/policy id/);
    expect(one('level-3.json', ELEVATED).errors[0]!.message).toMatch(/\.yml or \.yaml/);
  });

  it('rejects two files with the same id and keeps the first', () => {
    const { policies, errors } = parseStancePolicies([
      { name: 'level-3.yml', text: ELEVATED },
      { name: 'extra/level-3.yaml', text: ELEVATED },
    ]);
    expect(policies.map((p) => p.file)).toEqual(['level-3.yml']);
    expect(errors).toEqual([
      { file: 'extra/level-3.yaml', path: '', line: null, message: 'policy id "level-3" is also level-3.yml' },
    ]);
  });

  it('keeps the valid files when another is invalid, sorted by level then id', () => {
    const { policies, errors } = parseStancePolicies([
      { name: 'b.yml', text: 'level: 2\ntitle: B\ndescription: b\n' },
      { name: 'bad.yml', text: 'level: 2\n' },
      { name: 'a.yml', text: 'level: 2\ntitle: A\ndescription: a\n' },
      { name: 'z.yml', text: 'level: 1\ntitle: Z\ndescription: z\n' },
    ]);
    expect(policies.map((p) => p.id)).toEqual(['z', 'a', 'b']);
    expect(errors.map((e) => [e.file, e.path])).toEqual([
      ['bad.yml', 'title'],
      ['bad.yml', 'description'],
    ]);
  });
});

describe('activePolicies', () => {
  const base = policy('base', 1, {
    approval_required_for: ['shutdown_device'],
    blocklists: [{ name: 'firewall-ip', kinds: ['ip'], min_confidence: 90 }],
    notify: ['soc_operator'],
  });
  const guarded = policy('guarded', 2, {
    rule_packs: ['folder:intel-hunting'],
    correlation_threshold_factor: 0.8,
    sla_factor: { remediation: 0.75 },
    blocklists: [{ name: 'dns-rpz', kinds: ['domain'], min_confidence: 80 }],
    cooling_period: '6h',
  });
  const elevated = policy('elevated', 3, {
    rule_packs: ['folder:ot-strict', 'folder:intel-hunting'],
    correlation_threshold_factor: 0.9, // looser than level 2: the stricter 0.8 stays
    sla_factor: { incidents: 0.5 },
    approval_required_for: ['isolate', 'shutdown_device'],
    blocklists: [{ name: 'firewall-ip', kinds: ['ip', 'url'], min_confidence: 70 }],
    notify: ['cio', 'soc_operator'],
    cooling_period: '12h',
  });
  const severe = policy('severe', 5, { correlation_threshold_factor: 0.2 });
  const all = [severe, elevated, base, guarded];

  it('applies policies from their level upward and combines the strictest values', () => {
    const { policies, effective } = activePolicies(3, all);
    expect(policies.map((p) => p.id)).toEqual(['base', 'guarded', 'elevated']);
    expect(effective).toEqual({
      level: 3,
      policies: [
        { id: 'base', level: 1, title: 'base' },
        { id: 'guarded', level: 2, title: 'guarded' },
        { id: 'elevated', level: 3, title: 'elevated' },
      ],
      rule_packs: ['folder:intel-hunting', 'folder:ot-strict'],
      correlation_threshold_factor: 0.8,
      sla_factor: { incidents: 0.5, remediation: 0.75 },
      approval_required_for: ['isolate', 'shutdown_device'],
      blocklists: [
        { name: 'dns-rpz', kinds: ['domain'], min_confidence: 80 },
        { name: 'firewall-ip', kinds: ['ip', 'url'], min_confidence: 70 },
      ],
      notify: ['cio', 'soc_operator'],
      cooling_period_seconds: 43_200,
    });
  });

  it('leaves out policies of higher levels', () => {
    const { effective } = activePolicies(1, all);
    expect(effective.policies.map((p) => p.id)).toEqual(['base']);
    expect(effective.correlation_threshold_factor).toBe(1);
    expect(effective.blocklists).toEqual([{ name: 'firewall-ip', kinds: ['ip'], min_confidence: 90 }]);
  });

  it('is neutral with no policy in force', () => {
    expect(activePolicies(5, [])).toEqual({
      policies: [],
      effective: {
        level: 5,
        policies: [],
        rule_packs: [],
        correlation_threshold_factor: 1,
        sla_factor: { incidents: 1, remediation: 1 },
        approval_required_for: [],
        blocklists: [],
        notify: [],
        cooling_period_seconds: DEFAULT_COOLING_SECONDS,
      },
    });
  });

  it('does not depend on the order of the policies', () => {
    expect(activePolicies(5, [...all].reverse())).toEqual(activePolicies(5, all));
    expect(activePolicies(5, all).effective.correlation_threshold_factor).toBe(0.2);
  });
});
