/**
 * Playbooks: the file format (triggers, inputs, steps with conditions and `for_each`), safe `{{…}}` templates,
 * trigger matching, and the run views the API serves. Pure; the server's playbooks feature runs them.
 */
export * from './template.ts';
export * from './condition.ts';
export * from './playbook.ts';
export * from './subject.ts';
export * from './run.ts';
