import { type MatchablePattern } from './pattern-compile.ts';
import { type ObservableKind } from './observables.ts';

/**
 * The decaying score of an indicator.
 *
 *     score(now) = confidence × 2^(−age / halfLife)      age = max(0, now − (lastSeen ?? validFrom))
 *
 * `confidence` (0–100) is what the source says (STIX `confidence`; MISP `osint:certainty` tag; else a default
 * of 50, "unknown"). The score halves every `halfLifeDays` after the source last vouched for the indicator
 * (last sighting, else valid_from): addresses are re-assigned within weeks, domains are re-registered within
 * months, a file hash stays bad forever. `halfLifeDays` is set per source when its feed is converted (the
 * feed descriptor's value), falling back to DEFAULT_HALF_LIFE_DAYS by what the pattern looks for; null means
 * no decay. When the score falls below the index's `minScore` (DEFAULT_MIN_SCORE) the indicator stops
 * matching: it has aged out without anybody deleting it, and a new sighting (a later `lastSeen`) revives it.
 * Independently of the score, an indicator matches only inside [validFrom, validUntil).
 */
export const DEFAULT_MIN_SCORE = 10;
export const DEFAULT_CONFIDENCE = 50;

/** Half-life by observable kind, when the source sets none; null = never decays. */
export const DEFAULT_HALF_LIFE_DAYS: Readonly<Record<ObservableKind, number | null>> = {
  ipv4: 30,
  ipv6: 30,
  port: 30,
  protocol: 30,
  url: 60,
  domain: 90,
  email: 180,
  'file-name': 180,
  'x509-serial': 365,
  'x509-issuer': 365,
  md5: null,
  sha1: null,
  sha256: null,
  sha512: null,
};

/** The shortest default half-life among the kinds a pattern looks up (an IP-or-domain pattern decays as an IP). */
export function defaultHalfLifeDays(pattern: MatchablePattern): number | null {
  let shortest: number | null = null;
  for (const clause of pattern.clauses) {
    for (const atom of clause) {
      const days = DEFAULT_HALF_LIFE_DAYS[atom.kind];
      if (days !== null && (shortest === null || days < shortest)) shortest = days;
    }
  }
  return shortest;
}

/** What the score depends on; times in epoch milliseconds. */
export interface ScoredIndicator {
  readonly confidence: number;
  readonly halfLifeDays: number | null;
  readonly lastSeen: number | null;
  readonly validFrom: number | null;
}

export const DAY_MS = 86_400_000;

/** The score at `now` (epoch ms), 0–100. See the model above. */
export function indicatorScore(indicator: ScoredIndicator, now: number): number {
  const reference = indicator.lastSeen ?? indicator.validFrom;
  const confidence = Math.min(100, Math.max(0, indicator.confidence));
  if (reference === null || indicator.halfLifeDays === null || !(indicator.halfLifeDays > 0)) return confidence;
  return decayed(confidence, reference, indicator.halfLifeDays * DAY_MS, now);
}

/** The formula, shared with the index (which keeps its inputs in typed arrays). */
export function decayed(confidence: number, reference: number, halfLifeMs: number, now: number): number {
  const age = now - reference;
  return age <= 0 ? confidence : confidence * Math.pow(2, -age / halfLifeMs);
}
