import calculator from 'ae-cvss-calculator';
import { z } from 'zod';

export const CvssVersion = z.enum(['2.0', '3.0', '3.1', '4.0']);
export type CvssVersion = z.infer<typeof CvssVersion>;

export const CvssSeverity = z.enum(['NONE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
export type CvssSeverity = z.infer<typeof CvssSeverity>;

/** The CVSS base assessment kept on a vulnerability: one version, the vector, its base score and rating. */
export const Cvss = z.object({
  version: CvssVersion,
  score: z.number().min(0).max(10),
  vector: z.string().max(256),
  severity: CvssSeverity,
});
export type Cvss = z.infer<typeof Cvss>;

/** What the calculator returns, narrowed to what is used (its `fromVector` is typed `any`). */
interface CalculatedVector {
  isBaseFullyDefined(): boolean;
  calculateScores(): { base?: number; overall: number };
}

function versionOfVector(vector: string): CvssVersion {
  if (vector.startsWith('CVSS:4.0/')) return '4.0';
  if (vector.startsWith('CVSS:3.1/')) return '3.1';
  if (vector.startsWith('CVSS:3.0/')) return '3.0';
  return '2.0';
}

/** Qualitative rating: CVSS v3/v4 bands; v2 has no "critical" (NVD's v2 bands). */
export function cvssSeverity(version: CvssVersion, score: number): CvssSeverity {
  if (version === '2.0') return score < 4 ? 'LOW' : score < 7 ? 'MEDIUM' : 'HIGH';
  if (score === 0) return 'NONE';
  return score < 4 ? 'LOW' : score < 7 ? 'MEDIUM' : score < 9 ? 'HIGH' : 'CRITICAL';
}

/** The base score computed from a vector, or null when the vector does not parse or lacks base metrics. */
export function cvssBaseScore(vector: string): number | null {
  if (vector.length > 256) return null;
  let parsed: CalculatedVector | null;
  try {
    parsed = calculator.fromVector(vector.replace(/^\((.*)\)$/, '$1'));
  } catch {
    return null;
  }
  if (!parsed || !parsed.isBaseFullyDefined()) return null;
  const scores = parsed.calculateScores();
  const base = scores.base ?? scores.overall;
  return Number.isFinite(base) ? base : null;
}

/**
 * Normalises a CVSS assessment from a feed. The vector is the datum: when it parses, the base score is
 * recomputed from it (ae-cvss-calculator), because some CNAs put the temporal score in `baseScore` (CVE 5 record
 * of CVE-2023-27997: vector 9.8, "baseScore" 9.2). A vector that does not parse keeps the stated score; with
 * neither, null.
 */
export function normaliseCvss(input: { vector?: string | undefined; score?: number | undefined }): Cvss | null {
  const vector = input.vector?.trim() ?? '';
  if (vector === '' && input.score === undefined) return null;
  const version = versionOfVector(vector);
  const computed = vector === '' ? null : cvssBaseScore(vector);
  const score = computed ?? input.score;
  if (score === undefined || !Number.isFinite(score) || score < 0 || score > 10) return null;
  return { version, score, vector: vector.slice(0, 256), severity: cvssSeverity(version, score) };
}

/** The metrics of a vector as a map (`AV` → `N`), prefix and parentheses ignored. */
export function cvssMetrics(vector: string): Map<string, string> {
  const metrics = new Map<string, string>();
  for (const part of vector.replace(/^\(|\)$/g, '').split('/')) {
    const [key, value] = part.split(':');
    if (key && value && key !== 'CVSS') metrics.set(key, value);
  }
  return metrics;
}

/**
 * SSVC "Automatable" from CVSS when no analyst said: network attack vector, low complexity, no privileges, no
 * user interaction (and, in v4, no attack requirements) — the steps 1-4 of the kill chain can be scripted.
 * v2: AV:N, AC:L, Au:N.
 */
export function automatableFromCvss(cvss: Cvss): boolean {
  const m = cvssMetrics(cvss.vector);
  if (cvss.version === '2.0') return m.get('AV') === 'N' && m.get('AC') === 'L' && m.get('Au') === 'N';
  const base = m.get('AV') === 'N' && m.get('AC') === 'L' && m.get('PR') === 'N' && m.get('UI') === 'N';
  return cvss.version === '4.0' ? base && m.get('AT') === 'N' : base;
}

/**
 * SSVC "Technical Impact" from CVSS, after SSVC's table cvssv4_to_technical_impact 1.0.0 (applied to v3 with C/I
 * for VC/VI): total when confidentiality and integrity are both high, or when no privileges are required and one
 * is high while the other is low. v2: C:C and I:C. Otherwise partial.
 */
export function technicalImpactFromCvss(cvss: Cvss): 'partial' | 'total' {
  const m = cvssMetrics(cvss.vector);
  if (cvss.version === '2.0') return m.get('C') === 'C' && m.get('I') === 'C' ? 'total' : 'partial';
  const c = cvss.version === '4.0' ? m.get('VC') : m.get('C');
  const i = cvss.version === '4.0' ? m.get('VI') : m.get('I');
  if (c === 'H' && i === 'H') return 'total';
  if (m.get('PR') === 'N' && ((c === 'H' && i === 'L') || (c === 'L' && i === 'H'))) return 'total';
  return 'partial';
}
