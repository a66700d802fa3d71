import type { Indicator } from '../../api/intel-schemas.ts';

/**
 * The Indicators page's filters, kept in the address (`?source=…&matchable=…&text=…&page=…`) so a filtered list
 * can be shared. Source, matchability and the page are asked of the server; the text narrows what it answered.
 */

export const MATCHABLE_CHOICES = ['all', 'true', 'false'] as const;
export type MatchableChoice = (typeof MATCHABLE_CHOICES)[number];

export interface IndicatorFilter {
  /** Empty: every source. */
  readonly source: string;
  readonly matchable: MatchableChoice;
  /** Part of the name, pattern or a label; matched in the browser, in the current page. */
  readonly text: string;
  /** 0-based. */
  readonly page: number;
}

/** Rows per page; the server allows up to 500. */
export const INDICATOR_PAGE_SIZE = 100;

/** The server refuses longer source names. */
const SOURCE_MAX_LENGTH = 63;
/** Beyond this the offset would reach past any realistic indicator count; an edited link falls back to page 1. */
const MAX_PAGE = 10_000;

/** A matchability choice from an address or a select; anything else is 'all'. */
export function parseMatchable(value: string | null): MatchableChoice {
  return MATCHABLE_CHOICES.find((choice) => choice === value) ?? 'all';
}

export function readIndicatorFilter(params: URLSearchParams): IndicatorFilter {
  const page = Number(params.get('page') ?? '1');
  return {
    source: (params.get('source') ?? '').trim().slice(0, SOURCE_MAX_LENGTH),
    matchable: parseMatchable(params.get('matchable')),
    text: params.get('text') ?? '',
    page: Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page - 1 : 0,
  };
}

/** The address of a filter; defaults are left out, and pages are counted from 1 for people. */
export function indicatorFilterParams(filter: IndicatorFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.source !== '') params.set('source', filter.source);
  if (filter.matchable !== 'all') params.set('matchable', filter.matchable);
  if (filter.text !== '') params.set('text', filter.text);
  if (filter.page > 0) params.set('page', String(filter.page + 1));
  return params;
}

/** The query of `GET /api/intel/indicators` for a filter. */
export function indicatorQuery(filter: IndicatorFilter): URLSearchParams {
  const query = new URLSearchParams();
  if (filter.source !== '') query.set('source', filter.source);
  if (filter.matchable !== 'all') query.set('matchable', filter.matchable);
  query.set('limit', String(INDICATOR_PAGE_SIZE));
  query.set('offset', String(filter.page * INDICATOR_PAGE_SIZE));
  return query;
}

export function matchesIndicatorText(indicator: Indicator, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (needle === '') return true;
  return [indicator.name ?? '', indicator.pattern, indicator.id, ...indicator.labels].some((field) =>
    field.toLowerCase().includes(needle),
  );
}
