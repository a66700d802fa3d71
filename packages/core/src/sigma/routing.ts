import { type EventContext } from './event-context.ts';
import {
  LINUX_SYSMON_CATEGORIES,
  LINUX_SYSMON_CHANNEL,
  NOT_EVENT_LOG_CATEGORIES,
  NOT_EVENT_LOG_SERVICES,
  WINDOWS_CATEGORIES,
  WINDOWS_SERVICES,
  type WindowsEventSource,
} from './logsource-map.ts';
import { type SigmaLogSource } from './types.ts';

/**
 * What an event says about its own log source: its Windows channel (lower-case) and event id (canonical
 * decimal text), each '' when the event does not carry it. Routing looks at nothing else, so the rules that
 * apply to an event depend only on this pair and can be worked out once per pair, not once per event.
 */
export interface EventSource {
  readonly channel: string;
  readonly eventId: string;
}

/** Whether a rule's log source can produce an event from `source`. */
export type Route = (source: EventSource) => boolean;

export function eventSource(ctx: EventContext): EventSource {
  const channel = ctx.value('Channel');
  const eventId = ctx.value('EventID');
  return {
    channel: typeof channel === 'string' ? channel.trim().toLowerCase() : '',
    eventId: canonicalId(eventId),
  };
}

function canonicalId(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : '';
  if (typeof value !== 'string' || value.trim() === '') return '';
  const n = Number(value);
  return Number.isInteger(n) ? String(n) : '';
}

/** The memo key of a source; `\n` cannot appear in a trimmed channel next to a canonical id. */
export const sourceKey = (source: EventSource): string => `${source.channel}\n${source.eventId}`;

/**
 * An event is known to come from the Windows event log only when it names both a channel and an event id:
 * a lone `Channel` field could be anything (a radio channel in IoT telemetry), and excluding rules on a guess
 * would lose detections.
 */
const isWindowsLog = (s: EventSource): boolean =>
  s.channel !== '' && s.eventId !== '' && !s.channel.startsWith('linux-');
const isLinuxSysmon = (s: EventSource): boolean => s.channel === LINUX_SYSMON_CHANNEL;

function fromSources(sources: readonly WindowsEventSource[]): Route {
  // A side the event does not carry cannot exclude it: an event with only an EventID still routes by id.
  return (s) =>
    sources.some(
      (w) =>
        (s.channel === '' || w.channels.includes(s.channel)) &&
        (w.eventIds === undefined || s.eventId === '' || w.eventIds.includes(s.eventId)),
    );
}

function windowsRoute(logsource: SigmaLogSource): Route {
  const category = logsource.category === undefined ? undefined : WINDOWS_CATEGORIES[logsource.category];
  const service = logsource.service === undefined ? undefined : WINDOWS_SERVICES[logsource.service];
  const byCategory = category ? fromSources(category) : null;
  const byService = service ? fromSources([{ channels: service }]) : null;
  return (s) => {
    if (s.channel === '' && s.eventId === '') return true;
    if (s.channel.startsWith('linux-')) return false;
    return (byCategory === null || byCategory(s)) && (byService === null || byService(s));
  };
}

function linuxRoute(logsource: SigmaLogSource): Route {
  const ids = logsource.category === undefined ? undefined : LINUX_SYSMON_CATEGORIES[logsource.category];
  return (s) => {
    if (isWindowsLog(s)) return false;
    if (ids && isLinuxSysmon(s) && s.eventId !== '') return ids.includes(s.eventId);
    return true;
  };
}

const notEventLog: Route = (s) => !isWindowsLog(s) && !isLinuxSysmon(s);

/**
 * The route of a rule, from its `logsource`, or null when it must see every event: no product (generic
 * categories such as `antivirus` are written by many products) unless the source is never an event log,
 * or nothing known to exclude. Products other than Windows and Linux only exclude event-log records.
 */
export function routeFor(logsource: SigmaLogSource): Route | null {
  const product = logsource.product?.toLowerCase();
  if (product === undefined) {
    const { category, service } = logsource;
    const generic =
      (category !== undefined && NOT_EVENT_LOG_CATEGORIES.has(category)) ||
      (service !== undefined && NOT_EVENT_LOG_SERVICES.has(service));
    return generic ? notEventLog : null;
  }
  if (product === 'windows') return windowsRoute(logsource);
  if (product === 'linux') return linuxRoute(logsource);
  return notEventLog;
}
