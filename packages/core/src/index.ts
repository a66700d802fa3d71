export * from './errors.ts';
export * from './access.ts';
export * from './departments.ts';
export * from './accounts.ts';
export * from './audit.ts';
export * from './overview.ts';
export * from './events/index.ts';
export * from './log-sources/index.ts';
