export { compile } from './engine.ts';
export { flattenEvent } from './event.ts';
export { parseRules } from './parse-rules.ts';
export type { CompileOptions, RuleRejection, SigmaEngine, SigmaEvent, SigmaLogSource, SigmaRule } from './types.ts';
