/**
 * The city's dynamic security stance: signals in, a level 1–5 with its reasons out, and the policies in force at
 * each level as data (`content/stance/*.yml`). Pure; README.md beside this file documents the rule table,
 * hysteresis, overrides and the policy format.
 */
export * from './level.ts';
export * from './signals.ts';
export * from './rules.ts';
export * from './policy.ts';
export * from './policy-parse.ts';
export * from './compute.ts';
export * from './view.ts';
