import { compile, flattenEvent, type RuleRejection, type SigmaEvent, type SigmaRule } from '@citysoc/core/sigma';
import type { Command } from 'commander';
import { loadRuleDirectory, readEventsFile } from '../features/detection/index.ts';
import type { Output } from './context.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

/** Parses and compiles every rule under the given files and folders; rejections name file, id and reason. */
function loadRules(paths: readonly string[]) {
  const rules: SigmaRule[] = [];
  const rejections: RuleRejection[] = [];
  for (const root of paths) {
    const loaded = loadRuleDirectory(root);
    rules.push(...loaded.rules);
    rejections.push(...loaded.errors);
  }
  const engine = compile(rules);
  rejections.push(...engine.rejected);
  return { engine, rejections };
}

export function registerRulesCommand(program: Command, output: Output): void {
  const rules = program.command('rules').description('Sigma detection rules: check, test against events, benchmark');

  rules
    .command('check <paths...>')
    .description('parse and compile rules; prints {"loaded", "rejected", "rejections": [{file, id, reason}]}')
    .action((paths: string[]) => {
      const { engine, rejections } = loadRules(paths);
      output.out(
        JSON.stringify({
          loaded: engine.rules.length,
          rejected: rejections.length,
          rejections: rejections.map((r) => ({ file: r.file ?? null, id: r.id ?? null, reason: r.reason })),
        }),
      );
    });

  rules
    .command('match')
    .description('evaluate rules over events; prints one {"rule", "event"} JSON line per hit')
    .requiredOption('--rules <path>', 'rule file or folder (repeatable)', collect, [])
    .requiredOption('--events <file>', 'NDJSON, JSON array or concatenated objects; - reads stdin')
    .action(async (options: { rules: string[]; events: string }) => {
      const { engine, rejections } = loadRules(options.rules);
      for (const r of rejections) output.err(`rule refused: ${r.file ?? '?'} ${r.id ?? ''}: ${r.reason}`);
      const onInvalid = (index: number, reason: string) => output.err(`event ${index} skipped: ${reason}`);
      for await (const { index, event } of readEventsFile(options.events, onInvalid)) {
        for (const rule of engine.match(flattenEvent(event)))
          output.out(JSON.stringify({ rule: rule.id, event: index }));
      }
    });

  rules
    .command('bench')
    .description('events/s and µs/event of the compiled engine, and of a naive evaluate-every-rule loop')
    .requiredOption('--rules <path>', 'rule file or folder (repeatable)', collect, [])
    .requiredOption('--events <file>', 'events file')
    .option('--seconds <n>', 'minimum measuring time per engine', '2')
    .action(async (options: { rules: string[]; events: string; seconds: string }) => {
      const { engine } = loadRules(options.rules);
      const events: SigmaEvent[] = [];
      for await (const { event } of readEventsFile(options.events)) events.push(flattenEvent(event));
      if (events.length === 0) throw new Error(`no events in ${options.events}`);
      // The naive reference: every rule compiled on its own and tried on every event.
      const singles = engine.rules.map((rule) => compile([rule]));
      const minimumMs = Math.max(0.2, Number(options.seconds)) * 1000;
      const measure = (matchAll: (event: SigmaEvent) => number) => {
        let evaluated = 0;
        let hits = 0;
        const started = performance.now();
        do {
          for (const event of events) hits += matchAll(event);
          evaluated += events.length;
        } while (performance.now() - started < minimumMs);
        const ms = performance.now() - started;
        return {
          eventsPerSecond: Math.round((evaluated / ms) * 1000),
          microsPerEvent: Math.round((ms * 1000 * 100) / evaluated) / 100,
          hits: hits / (evaluated / events.length),
        };
      };
      const compiled = measure((event) => engine.match(event).length);
      const naive = measure((event) => singles.reduce((n, single) => n + single.match(event).length, 0));
      output.out(
        JSON.stringify({
          rules: engine.rules.length,
          events: events.length,
          engine: compiled,
          naive,
          speedup: Math.round((compiled.eventsPerSecond / naive.eventsPerSecond) * 100) / 100,
        }),
      );
    });
}
