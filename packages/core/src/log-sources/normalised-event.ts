/**
 * One line or record after parsing and ECS mapping, as handed to the ingest pipeline. The pipeline adds
 * `@timestamp` (falling back to arrival time), `event.ingested` and `citysoc.*`; this library does not.
 */
export interface NormalisedEvent {
  /** ISO-8601 UTC time taken from the event itself; null when it has none or it is invalid. */
  timestamp: string | null;
  /** Name of the log source that parsed it; 'generic' when nothing matched. */
  source: string;
  /** ECS fields as a nested object: `{ event: { kind: 'alert' }, source: { ip: '1.2.3.4' } }`. */
  fields: Record<string, unknown>;
  /** The original fields as parsed (JSON object, syslog/CEF/kv fields); null for plain text. */
  original: Record<string, unknown> | null;
  /** The raw text exactly as received (for an object input: JSON.stringify of it). */
  raw: string;
  /** Why a line that looked like a known format failed to parse (it is then stored as generic), else null. */
  parseError: string | null;
}

/** The compiled log sources; built once at start-up by `compileLogSources`, used for every event. */
export interface LogSourceSet {
  readonly names: readonly string[];
  /**
   * Parses one line of text. `hint` names a log source to use (skips auto-detection); an unknown hint is an
   * `InputError`. Never throws for bad content: it becomes `generic` with a `parseError`.
   */
  normaliseText(line: string, hint?: string): NormalisedEvent;
  /** Same for an already-parsed JSON object (HTTP JSON ingest). */
  normaliseObject(record: Record<string, unknown>, hint?: string): NormalisedEvent;
}

/** The source name of events no log source claimed. */
export const GENERIC_SOURCE = 'generic';
