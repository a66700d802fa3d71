import { type Control, Control as ControlSchema } from '@citysoc/core';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, exportRows, postureCsv, summarizeControls } from './posture-export.ts';
import { pdfText } from '../../platform/pdf-document.ts';
import type { PostureResult } from './posture.service.ts';

const control = (id: string, references: Partial<Control['references']> = {}): Control =>
  ControlSchema.parse({
    id,
    title: `Title of ${id}`,
    direction: 'system',
    description: 'x',
    evidence: { kind: 'telemetry', metric: 'antivirus', max_age: '1d' },
    references,
  });

const result = (overrides: Partial<PostureResult> = {}): PostureResult => ({
  control: 'SYS-AV-01',
  title: 'Anti-virus running and up to date',
  direction: 'system',
  target: { kind: 'asset', id: 'scada-1' },
  department: 'water',
  status: 'missing',
  reason: "no 'antivirus' report",
  since: '2026-01-02T03:04:05.000Z',
  ...overrides,
});

const readCsv = (text: string): Record<string, string>[] =>
  parse(text, { bom: true, columns: true, relax_quotes: false }) as Record<string, string>[];

describe('the posture CSV export', () => {
  const controls = [
    control('SYS-AV-01', { iso27001: ['A.8.7'], nist_csf: ['DE.CM-09'], iec62443: ['SR 3.2', 'SR 3.2 RE(1)'] }),
  ];

  it('has a header and one row per result, with the control references joined', () => {
    const csv = postureCsv(exportRows([result()], controls));
    expect(csv.startsWith('\uFEFFcontrol,title,direction,')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe(`\uFEFF${EXPORT_COLUMNS.join(',')}`);
    expect(readCsv(csv)).toEqual([
      {
        control: 'SYS-AV-01',
        title: 'Anti-virus running and up to date',
        direction: 'system',
        target_kind: 'asset',
        target: 'scada-1',
        department: 'water',
        status: 'missing',
        reason: "no 'antivirus' report",
        since: '2026-01-02T03:04:05.000Z',
        iso27001: 'A.8.7',
        nist_csf: 'DE.CM-09',
        iec62443: 'SR 3.2; SR 3.2 RE(1)',
      },
    ]);
  });

  it('quotes commas, quotes and line breaks as RFC 4180 says, and parses back to the same text', () => {
    const reason = `'antivirus' "ok", really\r\nsecond line`;
    const csv = postureCsv(exportRows([result({ reason })], controls));
    expect(csv).toContain(`"'antivirus' ""ok"", really\r\nsecond line"`);
    expect(readCsv(csv)[0]?.reason).toBe(reason);
  });

  it.each(['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\r=1'])(
    'neutralises a cell that a spreadsheet would run as a formula: %j',
    (hostile) => {
      const csv = postureCsv(
        exportRows([result({ reason: hostile, target: { kind: 'asset', id: hostile } })], controls),
      );
      const row = readCsv(csv)[0];
      expect(row?.reason).toBe(`'${hostile}`);
      expect(row?.target).toBe(`'${hostile}`);
    },
  );

  it('leaves a formula character inside a cell alone', () => {
    const csv = postureCsv(exportRows([result({ reason: "'hardening_score' 55 = 55%" })], controls));
    expect(readCsv(csv)[0]?.reason).toBe("'hardening_score' 55 = 55%");
  });
});

describe('the per-control summary', () => {
  it('counts each status per control and lists controls no target has', () => {
    const summary = summarizeControls(
      [
        result({ status: 'pass' }),
        result({ status: 'pass', target: { kind: 'asset', id: 'scada-2' } }),
        result({ status: 'stale', target: { kind: 'asset', id: 'scada-3' } }),
        result({ control: 'NOT-IN-CATALOGUE-01' }),
      ],
      [control('SYS-AV-01'), control('SYS-HARD-01')],
    );
    expect(summary).toEqual([
      { control: 'SYS-AV-01', pass: 2, fail: 0, stale: 1, missing: 0, total: 3 },
      { control: 'SYS-HARD-01', pass: 0, fail: 0, stale: 0, missing: 0, total: 0 },
    ]);
  });
});

describe('text for the PDF fonts', () => {
  it('keeps Windows-1252 text, replaces other characters and control characters', () => {
    expect(pdfText('Énergie – €5 “ok”')).toBe('Énergie – €5 “ok”');
    expect(pdfText('水道 🚰')).toBe('?? ?');
    expect(pdfText('a\nb\u0000c')).toBe('a b c');
  });

  it('shortens long text with an ellipsis', () => {
    expect(pdfText('abcdef', 4)).toBe('abc…');
  });
});
