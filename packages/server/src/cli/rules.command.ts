import { readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import {
  compile,
  compileCorrelations,
  createCorrelator,
  eventTime,
  flattenEvent,
  parseRules,
  type RuleRejection,
  type SigmaCorrelation,
  type SigmaEvent,
  type SigmaFilter,
  type SigmaRule,
} from '@citysoc/core/sigma';
import { InputError, SYSTEM_PRINCIPAL } from '@citysoc/core';
import type { Command } from 'commander';
import {
  listRuleFiles,
  loadSigmaHqContent,
  readEventsFile,
  readSigmaHqSelection,
} from '../features/detection/index.ts';
import { loadConfig } from '../config.ts';
import { type Output, withServices } from './context.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * Parses and compiles every rule, correlation and filter under the given files and folders; rejections name
 * file (relative to the folder given), id and reason. Correlations are checked against the rules that compiled.
 */
function loadRules(paths: readonly string[]) {
  const rules: SigmaRule[] = [];
  const correlations: SigmaCorrelation[] = [];
  const filters: SigmaFilter[] = [];
  const rejections: RuleRejection[] = [];
  for (const root of paths) {
    for (const file of listRuleFiles(root)) {
      const parsed = parseRules(readFileSync(file, 'utf8'), file === root ? file : path.relative(root, file));
      rules.push(...parsed.rules);
      correlations.push(...parsed.correlations);
      filters.push(...parsed.filters);
      rejections.push(...parsed.errors);
    }
  }
  const engine = compile(rules, { filters });
  const correlationSet = compileCorrelations(correlations, engine.rules);
  rejections.push(...engine.rejected, ...correlationSet.rejected);
  // engine.rejected holds one entry per refused rule, the rest are refused filters.
  const filtersLoaded = filters.length - (engine.rejected.length - (rules.length - engine.rules.length));
  const loaded = engine.rules.length + correlationSet.correlations.length + filtersLoaded;
  return { engine, correlationSet, rejections, loaded };
}

export function registerRulesCommand(program: Command, output: Output): void {
  const rules = program
    .command('rules')
    .description('Sigma detection rules: check, test against events, benchmark, upload to the database');

  rules
    .command('check <paths...>')
    .description('parse and compile rules; prints {"loaded", "rejected", "rejections": [{file, id, reason}]}')
    .action((paths: string[]) => {
      const { loaded, rejections } = loadRules(paths);
      output.out(
        JSON.stringify({
          loaded,
          rejected: rejections.length,
          rejections: rejections.map((r) => ({ file: r.file ?? null, id: r.id ?? null, reason: r.reason })),
        }),
      );
    });

  rules
    .command('match')
    .description(
      'evaluate rules over events; prints {"rule", "event"} per rule hit and {"rule", "group", "events"} per correlation hit',
    )
    .requiredOption('--rules <path>', 'rule file or folder (repeatable)', collect, [])
    .requiredOption('--events <file>', 'NDJSON, JSON array or concatenated objects; - reads stdin')
    .action(async (options: { rules: string[]; events: string }) => {
      const { engine, correlationSet, rejections } = loadRules(options.rules);
      for (const r of rejections) output.err(`rule refused: ${r.file ?? '?'} ${r.id ?? ''}: ${r.reason}`);
      const correlator = createCorrelator(correlationSet);
      const correlated = new Set(
        correlationSet.correlations.flatMap((c) =>
          c.sources.flatMap((s) => (s.target.kind === 'rule' ? [s.target.id] : [])),
        ),
      );
      const onInvalid = (index: number, reason: string) => output.err(`event ${index} skipped: ${reason}`);
      for await (const { index, event } of readEventsFile(options.events, onInvalid)) {
        const flat = flattenEvent(event);
        const hits = engine.match(flat);
        for (const rule of hits) {
          // Rules referenced only by correlations with generate: false report through the correlation alone.
          if (!correlationSet.silentRules.has(rule.id)) output.out(JSON.stringify({ rule: rule.id, event: index }));
        }
        const forCorrelation = hits.filter((rule) => correlated.has(rule.id));
        if (forCorrelation.length === 0) continue;
        const time = eventTime(flat);
        if (time === null) {
          output.err(`event ${index} has no readable time (@timestamp, timestamp, …): not correlated`);
          continue;
        }
        const ruleHits = forCorrelation.map((rule) => ({ ruleId: rule.id, event: flat, time, eventIndex: index }));
        for (const hit of correlator.observe(ruleHits)) {
          output.out(JSON.stringify({ rule: hit.correlation.key, group: hit.group, events: hit.events }));
        }
      }
    });

  rules
    .command('upload <paths...>')
    .description(
      'validate rules, correlations and filters (files or folders) and store the accepted ones in the database, ' +
        'where a running server picks them up within seconds; prints {"loaded", "rejected", "rejections", ' +
        '"accepted"}; exits 2 when a document was refused',
    )
    .option('--department <id>', 'the uploaded rules alert only for this department')
    .action((paths: string[], options: { department?: string }) =>
      withServices(async (services) => {
        const sources = paths.flatMap((root) => {
          if (!statSync(root, { throwIfNoEntry: false })) throw new InputError(`No such file or folder: ${root}`);
          return listRuleFiles(root).map((file) => ({
            name: file === root ? file : path.relative(root, file),
            text: readFileSync(file, 'utf8'),
          }));
        });
        const report = await services.rules.upload(SYSTEM_PRINCIPAL, sources, options.department ?? null);
        output.out(JSON.stringify(report));
        if (report.rejected > 0) process.exitCode = 2;
      }),
    );

  rules
    .command('sigmahq')
    .description('what the curated SigmaHQ selection (content/sigmahq/selection.yml) resolves to in a checkout')
    .option('--dir <checkout>', 'SigmaHQ checkout or its rules/ folder (default: CITYSOC_SIGMAHQ_DIR)')
    .action((options: { dir?: string }) => {
      const dir = options.dir ?? loadConfig().sigmahqDir;
      if (dir === '') throw new InputError('Give --dir <SigmaHQ checkout> or set CITYSOC_SIGMAHQ_DIR');
      const selection = readSigmaHqSelection();
      const selected = loadSigmaHqContent(dir, selection);
      const items = selected.content;
      const engine = compile(
        items.rules.map((r) => r.item),
        { filters: items.filters.map((f) => f.item) },
      );
      const correlationSet = compileCorrelations(
        items.correlations.map((c) => c.item),
        engine.rules,
      );
      const rejections = [...items.errors, ...engine.rejected, ...correlationSet.rejected];
      output.out(
        JSON.stringify({
          source: selection.source,
          license: selection.license,
          dir,
          entries: selected.entries,
          excluded: selected.excluded,
          loaded: engine.rules.length + correlationSet.correlations.length,
          rejected: rejections.length,
          rejections: rejections.map((r) => ({ file: r.file ?? null, id: r.id ?? null, reason: r.reason })),
        }),
      );
    });

  rules
    .command('bench')
    .description(
      'events/s and µs/event of the compiled engine (engine.match on flattened events; engineWithParse adds ' +
        'JSON.parse and flattenEvent of each event), and of a naive evaluate-every-rule loop',
    )
    .requiredOption('--rules <path>', 'rule file or folder (repeatable)', collect, [])
    .requiredOption('--events <file>', 'events file')
    .option('--seconds <n>', 'minimum measuring time per engine', '2')
    .action(async (options: { rules: string[]; events: string; seconds: string }) => {
      const { engine } = loadRules(options.rules);
      const records: Record<string, unknown>[] = [];
      for await (const { event } of readEventsFile(options.events)) records.push(event);
      if (records.length === 0) throw new Error(`no events in ${options.events}`);
      const events: SigmaEvent[] = records.map((r) => flattenEvent(r));
      const lines = records.map((r) => JSON.stringify(r));
      // The naive reference: every rule compiled on its own and tried on every event.
      const singles = engine.rules.map((rule) => compile([rule]));
      const minimumMs = Math.max(0.2, Number(options.seconds)) * 1000;
      const measure = (matchAt: (i: number) => number) => {
        let evaluated = 0;
        let hits = 0;
        const started = performance.now();
        do {
          for (let i = 0; i < events.length; i++) hits += matchAt(i);
          evaluated += events.length;
        } while (performance.now() - started < minimumMs);
        const ms = performance.now() - started;
        return {
          eventsPerSecond: Math.round((evaluated / ms) * 1000),
          microsPerEvent: Math.round((ms * 1000 * 100) / evaluated) / 100,
          hits: hits / (evaluated / events.length),
        };
      };
      const compiled = measure((i) => engine.match(events[i]!).length);
      const withParse = measure(
        (i) => engine.match(flattenEvent(JSON.parse(lines[i]!) as Record<string, unknown>)).length,
      );
      const naive = measure((i) => singles.reduce((n, single) => n + single.match(events[i]!).length, 0));
      output.out(
        JSON.stringify({
          rules: engine.rules.length,
          events: events.length,
          engine: compiled,
          engineWithParse: withParse,
          naive,
          speedup: Math.round((compiled.eventsPerSecond / naive.eventsPerSecond) * 100) / 100,
          // Figures move with the machine's other work: the 1, 5 and 15 minute load averages when done.
          loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
        }),
      );
    });
}
