export { listRuleFiles, loadRuleDirectory, readEventsFile } from './sigma-files.loader.ts';
