import { compile } from './engine.ts';
import { flattenEvent } from './event.ts';
import { parseRules } from './parse-rules.ts';
import { type CompileOptions, type SigmaEngine } from './types.ts';

/** Builds an engine from a detection block written inline in YAML (tests only; not exported by index.ts). */
export function engineFor(detectionYaml: string, options: CompileOptions = {}): SigmaEngine {
  const indented = detectionYaml
    .trim()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
  const yaml = `title: t\nid: r1\nlogsource: { product: test }\ndetection:\n${indented}\n`;
  const { rules, errors } = parseRules(yaml);
  if (errors.length > 0) throw new Error(errors[0]!.reason);
  return compile(rules, options);
}

/** Whether the single rule of `detectionYaml` matches `event`; throws if the rule was refused. */
export function matches(detectionYaml: string, event: Record<string, unknown>, options: CompileOptions = {}): boolean {
  const engine = engineFor(detectionYaml, options);
  if (engine.rejected.length > 0) throw new Error(engine.rejected[0]!.reason);
  return engine.match(flattenEvent(event)).length > 0;
}

/** The reason the single rule of `detectionYaml` was refused, or null when it compiled. */
export function refusal(detectionYaml: string, options: CompileOptions = {}): string | null {
  return engineFor(detectionYaml, options).rejected[0]?.reason ?? null;
}
