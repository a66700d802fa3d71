/** The Events page keeps its search in the address (`?q=…&range=…`) so that it can be shared and survives a reload. */
export const QUERY_PARAM = 'q';
export const RANGE_PARAM = 'range';

/** The address of an events search, for links from other pages (an alert's "Show matching events"). */
export function eventSearchPath(query: string, rangeId: string): string {
  const params = new URLSearchParams();
  if (query !== '') params.set(QUERY_PARAM, query);
  params.set(RANGE_PARAM, rangeId);
  return `/events?${params.toString()}`;
}
