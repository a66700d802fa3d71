import type { PostureGap, PostureReport } from '@citysoc/core';
import { describe, expect, it } from 'vitest';
import { pageCount, pdfTextLines } from '../../platform/pdf-text.testing.ts';
import { gapsByControl, PDF_GAPS_LISTED, posturePdf } from './posture-pdf.ts';

const directions = { physical: 50, system: 62.5, network: null, data_application: 10, management: 0 };

const gap = (i: number, overrides: Partial<PostureGap> = {}): PostureGap => ({
  control: `SYS-AV-0${i % 3}`,
  title: 'Anti-malware active',
  direction: 'system',
  target: { kind: 'asset', id: `asset-${i}` },
  department: 'water',
  status: i % 2 === 0 ? 'missing' : 'fail',
  reason: "no 'antivirus' report",
  since: '2026-01-02T00:00:00.000Z',
  ...overrides,
});

const render = (gaps: PostureGap[], scope = 'All departments') => {
  const report: PostureReport = {
    evaluated_at: '2026-03-10T12:00:00.000Z',
    city: { score: 41.7, directions, results: 12, passing: 5 },
    departments: [{ id: 'water', score: 41.7, directions, results: 12, passing: 5 }],
    services: [],
    gaps,
  };
  return posturePdf({
    report,
    controls: [],
    scope,
    departmentName: (id) => (id === 'water' ? 'Eau & Assainissement' : id),
    serviceName: (id) => id,
    generatedAt: new Date('2026-03-10T12:30:00.000Z'),
  });
};

describe('the posture PDF', () => {
  it('is a PDF with the scope, the scores per direction and a numbered page', async () => {
    const pdf = await render([gap(1)]);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const lines = pdfTextLines(pdf);
    expect(lines).toContain('City score: 41.7 / 100 (5 of 12 results passing)');
    expect(lines).toContain('Eau & Assainissement');
    expect(lines).toContain('62.5');
    expect(lines).toContain('n/a');
    expect(lines).toContain(`CitySOC posture report - page 1 of ${pageCount(pdf)}`);
  });

  it('draws names and reasons from outside as plain text, whatever characters they hold', async () => {
    const pdf = await render([gap(1, { reason: "'antivirus' <script>alert(1)</script> 水 ) Tj (x" })], 'Zone 水');
    const lines = pdfTextLines(pdf);
    expect(lines).toContain('Scope: Zone ?');
    expect(lines.join('\n')).toContain("'antivirus' <script>alert(1)</script> ? ) Tj (x");
  });

  it('lists at most the longest-standing gaps one by one, and says how many more there are', async () => {
    const gaps = Array.from({ length: PDF_GAPS_LISTED + 3 }, (_, i) => gap(i));
    const pdf = await render(gaps);
    const text = pdfTextLines(pdf).join('\n');
    expect(text).toContain(`Gaps by control (${(PDF_GAPS_LISTED + 3).toString()} gaps)`);
    expect(text).toContain(`asset-${PDF_GAPS_LISTED - 1}`);
    expect(text).not.toContain(`asset-${PDF_GAPS_LISTED}\n`);
    expect(text).toContain('3 more gaps are not listed here');
    expect(pageCount(pdf)).toBeGreaterThan(10);
  }, 30_000);
});

describe('gapsByControl', () => {
  it('counts the gaps of each control by status, in control order', () => {
    expect(gapsByControl([gap(1), gap(2), gap(4), gap(3, { status: 'stale' })])).toEqual([
      { control: 'SYS-AV-00', title: 'Anti-malware active', direction: 'system', fail: 0, stale: 1, missing: 0 },
      { control: 'SYS-AV-01', title: 'Anti-malware active', direction: 'system', fail: 1, stale: 0, missing: 1 },
      { control: 'SYS-AV-02', title: 'Anti-malware active', direction: 'system', fail: 0, stale: 0, missing: 1 },
    ]);
  });
});
