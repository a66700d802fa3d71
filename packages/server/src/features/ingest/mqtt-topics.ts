import { InputError } from '@citysoc/core';
import type { IngestContext, IngestRecord } from './ingest.service.ts';

/** One configured subscription: an MQTT topic filter and the log source its messages are parsed with. */
export interface TopicRoute {
  filter: string;
  /** Log-source name; undefined means auto-detection. */
  source?: string;
}

/**
 * Reads `filter[=source]` entries separated by commas, e.g.
 * `city/+/telemetry=device-telemetry,ids/+/eve=suricata-eve,legacy/#`.
 */
export function parseTopicRoutes(setting: string): TopicRoute[] {
  return setting
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [filter = '', source] = entry.split('=').map((part) => part.trim());
      const levels = filter.split('/');
      const valid =
        filter !== '' &&
        levels.every((level, i) =>
          level.includes('#') ? level === '#' && i === levels.length - 1 : !level.includes('+') || level === '+',
        );
      if (!valid) throw new InputError(`'${filter}' is not a valid MQTT topic filter`);
      return source ? { filter, source } : { filter };
    });
}

/**
 * MQTT topic matching (`+` one level, `#` the rest). Hand-written: it is these few lines, and the packages
 * that offer it are unmaintained or pull in a whole broker.
 */
export function topicMatches(filter: string, topic: string): boolean {
  const filterLevels = filter.split('/');
  const topicLevels = topic.split('/');
  for (let i = 0; i < filterLevels.length; i += 1) {
    const level = filterLevels[i];
    if (level === '#') return true;
    if (i >= topicLevels.length) return false;
    if (level !== '+' && level !== topicLevels[i]) return false;
  }
  return filterLevels.length === topicLevels.length;
}

/** The route for a topic: the first configured filter that matches, in configuration order. */
export function routeFor(routes: readonly TopicRoute[], topic: string): TopicRoute | undefined {
  return routes.find((route) => topicMatches(route.filter, topic));
}

/** A message payload as ingest records: a JSON object or array, or text lines. */
export function payloadRecords(payload: Buffer): {
  records: (string | Record<string, unknown>)[];
  format: 'ndjson' | 'lines';
} {
  const text = payload.toString('utf8');
  const start = text.trimStart()[0];
  if (start === '[') {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return { records: parsed as Record<string, unknown>[], format: 'ndjson' };
    } catch {
      // not a JSON array after all: treated as lines below, where it is kept with a parse error
    }
  }
  return { records: text.split(/\r?\n/), format: start === '{' ? 'ndjson' : 'lines' };
}

/** What one MQTT message becomes: the records of its payload and how to ingest them (route, topic). */
export function mqttMessage(
  routes: readonly TopicRoute[],
  packet: { topic: string; payload: Buffer | string },
  departmentId: string | null,
  attributes: Readonly<Record<string, string>> = {},
): { context: IngestContext; records: IngestRecord[] } {
  const route = routeFor(routes, packet.topic);
  const { records, format } = payloadRecords(
    Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload),
  );
  return {
    records,
    context: {
      channel: 'mqtt',
      departmentId,
      format,
      attributes: { ...attributes, mqtt_topic: packet.topic },
      ...(route?.source !== undefined && { source: route.source }),
    },
  };
}
