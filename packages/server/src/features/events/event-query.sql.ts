import { type EventQuery, InputError, type RangeBounds, resolveTime } from '@citysoc/core';
import { type RawBuilder, sql, type SqlBool } from 'kysely';
import type { StoreKind } from '../../platform/db/database.ts';

/**
 * ECS fields copied into their own indexed columns; every other field is read from the JSON document, which
 * means reading every candidate row's document: keep the fields people search by most in this list.
 * `citysoc.asset_id` is the name the document carries (and the inventory page links with);
 * `citysoc.asset.id` is kept as an alias for saved queries.
 */
const COLUMNS: Readonly<Record<string, string>> = {
  '@timestamp': 'ts',
  'citysoc.event_id': 'id',
  'event.ingested': 'ingested',
  'citysoc.source': 'source',
  'citysoc.department': 'department_id',
  'host.name': 'host_name',
  'source.ip': 'source_ip',
  'destination.ip': 'destination_ip',
  'user.name': 'user_name',
  'citysoc.asset_id': 'asset_id',
  'citysoc.asset.id': 'asset_id',
};
const TIME_COLUMNS = new Set(['ts', 'ingested']);

/** `*`/`?` wildcards to a LIKE pattern, escaping LIKE's own metacharacters with `\`. */
function likePattern(value: string): string {
  return value
    .replace(/[\\%_]/g, (c) => `\\${c}`)
    .replace(/\*/g, '%')
    .replace(/\?/g, '_');
}

/**
 * Where the engines differ in reading JSON, each difference is one function here. The document column is
 * text in both (ADR 001). A field path `a.b` reads `document.a.b`; `original.a.b` reads the original fields.
 * Arrays match when any element matches, as in ECS (`event.category:network`).
 */
function jsonLocation(field: string): { column: 'document' | 'original'; path: string[] } {
  const parts = field.split('.');
  if (parts[0] === 'original' && parts.length > 1) return { column: 'original', path: parts.slice(1) };
  return { column: 'document', path: parts };
}

/** One row per scalar at the path (one for a scalar, one per element for an array), as text in `v`. */
function jsonValues(kind: StoreKind, field: string): RawBuilder<unknown> {
  const { column, path } = jsonLocation(field);
  if (kind === 'sqlite') {
    const jsonPath = `$${path.map((p) => `."${p}"`).join('')}`;
    return sql`(select cast(value as text) as v from json_each(${sql.ref(column)}, ${jsonPath}))`;
  }
  const located = sql`(${sql.ref(column)}::jsonb #> ${path})`;
  const asArray = sql`case when ${located} is null then '[]'::jsonb when jsonb_typeof(${located}) = 'array' then ${located} else jsonb_build_array(${located}) end`;
  return sql`(select v from jsonb_array_elements_text(${asArray}) as v)`;
}

function jsonNumber(kind: StoreKind, field: string): RawBuilder<unknown> {
  const { column, path } = jsonLocation(field);
  if (kind === 'sqlite') {
    return sql`cast(json_extract(${sql.ref(column)}, ${`$${path.map((p) => `."${p}"`).join('')}`}) as real)`;
  }
  const located = sql`(${sql.ref(column)}::jsonb #> ${path})`;
  return sql`(case when jsonb_typeof(${located}) = 'number' then (${located})::text::numeric end)`;
}

function like(kind: StoreKind, target: RawBuilder<unknown>, pattern: string): RawBuilder<SqlBool> {
  // SQLite's LIKE ignores ASCII case already; PostgreSQL needs ILIKE for the same behaviour.
  return kind === 'sqlite'
    ? sql<SqlBool>`${target} like ${pattern} escape '\\'`
    : sql<SqlBool>`${target} ilike ${pattern} escape '\\'`;
}

function rangeValue(column: string | undefined, value: string): string | number {
  if (column && TIME_COLUMNS.has(column)) return resolveTime(value, new Date());
  if (column) return value;
  const number = Number(value);
  if (Number.isNaN(number)) throw new InputError(`'${value}' is not a number for a range`);
  return number;
}

function range(kind: StoreKind, field: string, bounds: RangeBounds): RawBuilder<SqlBool> {
  const column = COLUMNS[field];
  const target = column ? sql.ref(column) : jsonNumber(kind, field);
  const ops = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
  const parts = Object.entries(bounds)
    .filter((entry): entry is [keyof typeof ops, string] => entry[1] !== undefined)
    .map(([op, value]) => sql<SqlBool>`${target} ${sql.raw(ops[op])} ${rangeValue(column, value)}`);
  return parts.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

/** Compiles a parsed query to a SQL condition over the events table for one engine. */
export function compileEventQuery(kind: StoreKind, query: EventQuery): RawBuilder<SqlBool> {
  switch (query.type) {
    case 'all':
      return sql<SqlBool>`1 = 1`;
    case 'and':
    case 'or':
      return sql<SqlBool>`(${sql.join(
        query.items.map((item) => compileEventQuery(kind, item)),
        query.type === 'and' ? sql` and ` : sql` or `,
      )})`;
    case 'not':
      return sql<SqlBool>`not (${compileEventQuery(kind, query.item)})`;
    case 'text':
      return like(kind, sql`coalesce(raw, original)`, `%${likePattern(query.value)}%`);
    case 'range':
      return range(kind, query.field, query.bounds);
    case 'exists': {
      const column = COLUMNS[query.field];
      if (column) return sql<SqlBool>`${sql.ref(column)} is not null`;
      return sql<SqlBool>`exists (select 1 from ${jsonValues(kind, query.field)} as j where j.v is not null)`;
    }
    case 'match': {
      const column = COLUMNS[query.field];
      if (column && !query.wildcard) return sql<SqlBool>`${sql.ref(column)} = ${query.value}`;
      if (column) return like(kind, sql.ref(column), likePattern(query.value));
      const values = jsonValues(kind, query.field);
      return query.wildcard
        ? sql<SqlBool>`exists (select 1 from ${values} as j where ${like(kind, sql`j.v`, likePattern(query.value))})`
        : sql<SqlBool>`exists (select 1 from ${values} as j where j.v = ${query.value})`;
    }
  }
}

/**
 * The condition of a page: the query's, and for every page after the first the rows after the previous page's
 * last row in the search order (ts desc, seq desc). That is written `ts <= T and (ts < T or seq < S)` rather than
 * `ts < T or (ts = T and seq < S)`: the `ts <= T` bound is a range an index on (field, ts, …) starts from, and
 * PostgreSQL prunes day partitions with it, where the OR form made SQLite merge two scans of the index and sort
 * every older match (0.1-0.3 s for the second page of a busy host at 10M events, growing with the store).
 */
export function pageCondition(
  condition: RawBuilder<SqlBool>,
  after: { ts: string; seq: number } | undefined,
): RawBuilder<SqlBool> {
  if (after === undefined) return condition;
  const ts = sql.ref('ts');
  return sql<SqlBool>`(${condition}) and ${ts} <= ${after.ts} and (${ts} < ${after.ts} or ${sql.ref('seq')} < ${after.seq})`;
}
