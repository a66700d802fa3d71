import { describe, expect, it } from 'vitest';
import {
  anonymizationJobPath,
  epsilonText,
  groupText,
  levelRows,
  lossText,
  reportDetails,
  suppressionText,
  targetText,
} from './anonymization-display.ts';

const targets = { k: 5, l: 2, max_suppression: 0.05 };

describe('anonymisation job display', () => {
  it('shows k and l achieved against their targets, and flags a miss', () => {
    expect(targetText({ targets, achieved: { k: 7, l: 3 } }, 'k')).toEqual({ text: '7 (target 5)', met: true });
    expect(targetText({ targets, achieved: { k: 7, l: 1 } }, 'l')).toEqual({ text: '1 (target 2)', met: false });
    expect(targetText({ targets, achieved: { k: null, l: null } }, 'k')).toEqual({
      text: 'not met (target 5)',
      met: false,
    });
    expect(targetText({ targets: null, achieved: null }, 'k')).toEqual({ text: '—', met: null });
  });

  it('states suppression with its limit, loss with three decimals, and the DP budget', () => {
    expect(suppressionText({ suppressed_rows: 12, suppression_rate: 0.024, targets })).toBe(
      '12 rows (2.4 %, limit 5 %)',
    );
    expect(suppressionText({ suppressed_rows: 1, suppression_rate: 0.001, targets: null })).toBe('1 row (0.1 %)');
    expect(suppressionText({ suppressed_rows: null, suppression_rate: null, targets: null })).toBe('—');
    expect(lossText(0.12345)).toBe('0.123');
    expect(lossText(null)).toBe('—');
    expect(epsilonText({ epsilon: 0.5, delta: 0 })).toBe('ε 0.5');
    expect(epsilonText({ epsilon: 0.5, delta: 1e-6 })).toBe('ε 0.5, δ 0.000001');
    expect(epsilonText({ epsilon: null, delta: null })).toBe('—');
  });

  it('reads the levels and per-attribute loss of a report, and ignores a report of another shape', () => {
    const details = reportDetails({
      levels: { age: { level: 2, of: 4, rule: 'interval 20' } },
      information_loss: { value: 0.4, per_attribute: { age: 0.25 }, discernibility: 10, precision: 0.5 },
      something_new: true,
    });
    expect(details).not.toBeNull();
    expect(levelRows(details!)).toEqual([{ column: 'age', level: '2 of 4', rule: 'interval 20', loss: '0.250' }]);
    expect(reportDetails({ levels: 'not an object' })).toBeNull();
    expect(reportDetails(null)).toBeNull();
  });

  it('names released groups and job pages', () => {
    expect(groupText({ district: 'Inner', age: '[20,40)' })).toBe('district=Inner, age=[20,40)');
    expect(groupText({})).toBe('all rows');
    expect(anonymizationJobPath('a/b')).toBe('/data-protection/anonymization/a%2Fb');
  });
});
