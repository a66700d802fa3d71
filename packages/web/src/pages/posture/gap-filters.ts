import { PostureDirection } from '@citysoc/core';
import { GapStatus, type PostureGap } from '../../api/posture-schemas.ts';

/**
 * The Gaps page's filters, kept in the address so that the overview's department rows and the Controls page
 * can link to their gaps (`?department=water`, `?control=SYS-AV-01`, `?direction=network&status=stale`). The
 * report comes whole from the server; the filters narrow it in the browser.
 */

export interface GapFilter {
  /** Empty: any. */
  readonly direction: PostureDirection | '';
  readonly department: string;
  readonly status: GapStatus | '';
  readonly control: string;
}

export const DEFAULT_GAP_FILTER: GapFilter = { direction: '', department: '', status: '', control: '' };

/** Ids longer than this are not ids the server issues; an edited link falls back to "any". */
const ID_MAX_LENGTH = 128;
const id = (value: string | null): string => {
  const trimmed = (value ?? '').trim();
  return trimmed.length > ID_MAX_LENGTH ? '' : trimmed;
};

export function readGapFilter(params: URLSearchParams): GapFilter {
  const direction = PostureDirection.safeParse(params.get('direction'));
  const status = GapStatus.safeParse(params.get('status'));
  return {
    direction: direction.success ? direction.data : '',
    department: id(params.get('department')),
    status: status.success ? status.data : '',
    control: id(params.get('control')),
  };
}

/** The address of a filter, empty choices left out. */
export function gapFilterParams(filter: GapFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['direction', 'department', 'status', 'control'] as const) {
    if (filter[key] !== '') params.set(key, filter[key]);
  }
  return params;
}

/** The link to the gaps a filter selects. */
export function gapsPath(filter: Partial<GapFilter>): string {
  const query = gapFilterParams({ ...DEFAULT_GAP_FILTER, ...filter }).toString();
  return `/posture/gaps${query === '' ? '' : `?${query}`}`;
}

export function matchesGapFilter(gap: PostureGap, filter: GapFilter): boolean {
  if (filter.direction !== '' && gap.direction !== filter.direction) return false;
  if (filter.department !== '' && gap.department !== filter.department) return false;
  if (filter.status !== '' && gap.status !== filter.status) return false;
  if (filter.control !== '' && gap.control !== filter.control) return false;
  return true;
}
