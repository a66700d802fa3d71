import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { activePolicies, formatStancePolicyError, parseStancePolicies, type StanceLevel } from '@citysoc/core';

const STANCE_DIR = fileURLToPath(new URL('../../../../../content/stance/', import.meta.url));
const LEVELS: StanceLevel[] = [1, 2, 3, 4, 5];

function shippedPolicies() {
  const files = readdirSync(STANCE_DIR)
    .filter((name) => name.endsWith('.yml'))
    .sort()
    .map((name) => ({ name, text: readFileSync(path.join(STANCE_DIR, name), 'utf8') }));
  return { files, ...parseStancePolicies(files) };
}

describe('the shipped stance policies (content/stance)', () => {
  const { files, policies, errors } = shippedPolicies();

  it('are all valid', () => {
    expect(errors.map(formatStancePolicyError)).toEqual([]);
    expect(policies).toHaveLength(files.length);
  });

  it('give every level its own policy', () => {
    expect(policies.map((p) => [p.id, p.level])).toEqual(LEVELS.map((level) => [`level-${level}`, level]));
  });

  it('only tighten from one level to the next', () => {
    const effective = LEVELS.map((level) => activePolicies(level, policies).effective);
    for (const [index, higher] of effective.entries()) {
      const lower = effective[index - 1];
      if (lower === undefined) continue;
      expect(higher.correlation_threshold_factor).toBeLessThanOrEqual(lower.correlation_threshold_factor);
      expect(higher.sla_factor.incidents).toBeLessThanOrEqual(lower.sla_factor.incidents);
      expect(higher.sla_factor.remediation).toBeLessThanOrEqual(lower.sla_factor.remediation);
      expect(higher.rule_packs).toEqual(expect.arrayContaining(lower.rule_packs));
      expect(higher.approval_required_for).toEqual(expect.arrayContaining(lower.approval_required_for));
      expect(higher.notify).toEqual(expect.arrayContaining(lower.notify));
      expect(higher.cooling_period_seconds).toBeGreaterThanOrEqual(lower.cooling_period_seconds);
      for (const list of lower.blocklists) {
        const same = higher.blocklists.find((l) => l.name === list.name);
        expect(same?.min_confidence).toBeLessThanOrEqual(list.min_confidence);
      }
    }
  });

  it('are strictest at level 5', () => {
    const severe = activePolicies(5, policies).effective;
    expect(severe.policies).toHaveLength(5);
    expect(severe.correlation_threshold_factor).toBe(0.3);
    expect(severe.sla_factor).toEqual({ incidents: 0.25, remediation: 0.25 });
    expect(severe.approval_required_for).toEqual(
      expect.arrayContaining(['isolate', 'disable_account', 'stop_service', 'shutdown_device']),
    );
    expect(severe.blocklists.map((l) => l.name)).toEqual(['dns-rpz', 'edr-hashes', 'firewall-ip', 'web-proxy']);
    expect(severe.cooling_period_seconds).toBe(24 * 3600);
  });
});
