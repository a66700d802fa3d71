/**
 * Detection figures for `npm run bench`: the full SigmaHQ rule set over Windows events from the regression
 * data and Security-Datasets, plus benign variants, against a naive evaluate-every-rule loop and bare
 * JSON.parse of the same events, in the same run. `enginePerSecond` is engine.match on events flattened
 * beforehand; `pipelinePerSecond` parses, flattens and matches each line.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { compile, flattenEvent, type SigmaEvent } from '@citysoc/core/sigma';
import { loadRuleDirectory, readEventsFile } from '../src/features/detection/index.ts';

const SHARED = path.resolve(import.meta.dirname, '../../../../shared/data');

async function windowsEvents(): Promise<Record<string, unknown>[]> {
  const files = readdirSync(path.join(SHARED, 'sigma/regression_data/rules'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(SHARED, 'sigma/regression_data/rules', f));
  const events: Record<string, unknown>[] = [];
  for (const file of files) for await (const { event } of readEventsFile(file)) events.push(event);
  return events;
}

/** A benign copy: same shape, values that no rule should care about. */
function benign(event: Record<string, unknown>, i: number): Record<string, unknown> {
  const copy = structuredClone(event) as { Event?: { EventData?: Record<string, unknown> } };
  const data = copy.Event?.EventData;
  if (data) {
    for (const key of Object.keys(data)) {
      if (typeof data[key] === 'string') data[key] = `C:\\Program Files\\CityApp\\svc${i % 97}.exe --run ${key}`;
    }
  }
  return copy as Record<string, unknown>;
}

export async function detectionBenchmark(totalEvents: number, seconds: number) {
  const loaded = loadRuleDirectory(path.join(SHARED, 'sigma/rules'));
  const started = performance.now();
  const engine = compile(loaded.rules);
  const compileMs = performance.now() - started;
  const real = await windowsEvents();
  const lines = Array.from({ length: totalEvents }, (_, i) =>
    JSON.stringify(i < real.length ? real[i] : benign(real[i % real.length]!, i)),
  );

  const rate = (run: () => number) => {
    let n = 0;
    let hits = 0;
    const t = performance.now();
    do {
      hits += run();
      n += lines.length;
    } while (performance.now() - t < seconds * 1000);
    return { perSecond: (n / (performance.now() - t)) * 1000, hits };
  };
  // One pass first: each event source's literal index is built on its first event, a one-time cost.
  for (const line of lines) engine.match(flattenEvent(JSON.parse(line) as Record<string, unknown>));
  const parse = rate(() => {
    for (const line of lines) JSON.parse(line);
    return 0;
  });
  // What ingest pays per event: parse, flatten and match. Measured before the flattened copies below exist,
  // so that heap does not weigh on this figure's garbage collection.
  const pipeline = rate(() =>
    lines.reduce(
      (sum, line) => sum + engine.match(flattenEvent(JSON.parse(line) as Record<string, unknown>)).length,
      0,
    ),
  );
  const events: SigmaEvent[] = lines.map((line) => flattenEvent(JSON.parse(line) as Record<string, unknown>));
  // engine.match alone, on events flattened beforehand.
  const compiled = rate(() => events.reduce((sum, e) => sum + engine.match(e).length, 0));
  // The naive reference on a sample (it is slow): every rule compiled alone and tried on every event.
  const singles = engine.rules.map((rule) => compile([rule]));
  const sample = events.slice(0, Math.min(events.length, 300));
  const t = performance.now();
  for (const e of sample) for (const single of singles) single.match(e);
  const naivePerSecond = (sample.length / (performance.now() - t)) * 1000;
  return {
    rules: engine.rules.length,
    refused: loaded.errors.length + engine.rejected.length,
    compileMs,
    events: events.length,
    realEvents: real.length,
    parsePerSecond: parse.perSecond,
    enginePerSecond: compiled.perSecond,
    pipelinePerSecond: pipeline.perSecond,
    naivePerSecond,
  };
}
