import type { PostureDirection } from '@citysoc/core';
import type { PostureScore, PostureTrendPoint } from '../../api/posture-schemas.ts';
import type { Tone } from '../../components/StatCard.tsx';
import { DIRECTION_TITLES, DIRECTIONS, scoreText, scoreTone, scoreWords } from './posture-display.ts';

/** The data of the Posture area's two charts, apart from React so it can be tested. */

export interface DirectionBar {
  readonly key: PostureDirection | 'overall';
  readonly title: string;
  readonly score: number | null;
  /** Bar length in percent of the track, 0–100; 0 where no control applies. */
  readonly percent: number;
  /** The number printed beside the bar. */
  readonly text: string;
  readonly tone: Tone;
  /** "Network: 62.5 of 100", for screen readers. */
  readonly label: string;
}

const clampPercent = (score: number | null): number => (score === null ? 0 : Math.max(0, Math.min(100, score)));

/** One bar for the overall score, then one per direction, in the catalogue's order. */
export function directionBars(score: PostureScore): DirectionBar[] {
  const bar = (key: DirectionBar['key'], title: string, value: number | null): DirectionBar => ({
    key,
    title,
    score: value,
    percent: clampPercent(value),
    text: scoreText(value),
    tone: scoreTone(value),
    label: `${title}: ${scoreWords(value)}`,
  });
  return [
    bar('overall', 'Overall', score.score),
    ...DIRECTIONS.map((d) => bar(d, DIRECTION_TITLES[d], score.directions[d])),
  ];
}

export interface TrendSeries {
  readonly points: readonly { readonly label: string; readonly value: number }[];
  readonly first: { readonly at: string; readonly score: number } | undefined;
  readonly last: { readonly at: string; readonly score: number } | undefined;
}

/**
 * One scope's snapshots (`city` or a department id) in time order, without the ones that had no score (no
 * control applied yet), labelled with `label(at)`.
 */
export function trendSeries(
  points: readonly PostureTrendPoint[],
  scope: string,
  label: (at: string) => string,
): TrendSeries {
  const kept = points
    .filter((p): p is PostureTrendPoint & { score: number } => p.scope === scope && p.score !== null)
    .sort((a, b) => a.at.localeCompare(b.at));
  const ends = (p: (typeof kept)[number] | undefined) => (p === undefined ? undefined : { at: p.at, score: p.score });
  return {
    points: kept.map((p) => ({ label: label(p.at), value: p.score })),
    first: ends(kept[0]),
    last: ends(kept.at(-1)),
  };
}
