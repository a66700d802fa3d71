export * from './duration.ts';
export * from './inventory.ts';
export * from './impact-result.ts';
