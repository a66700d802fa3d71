export { DEFAULT_DEMO_SEED, DEMO_ACTORS, DEMO_CITY, generateDemoCity } from './demo-city.ts';
export {
  DEMO_RULES,
  DEMO_SCENARIOS,
  type DemoScenario,
  type ScenarioContext,
  type ScenarioPlay,
} from './demo-scenarios.ts';
export type { DemoMessage } from './demo-formats.ts';
export { createNormalLife, type NormalLife, type NormalLifeOptions } from './demo-normal-life.ts';
export {
  createDemoPlayer,
  type DemoPlayer,
  type DemoPlayerOptions,
  type DemoPlayerStats,
  type DemoTargets,
} from './demo-player.ts';
export { createDemoTargets, type ClosableDemoTargets, type DemoTargetsOptions } from './demo-targets.ts';
export { startDemo, type RunningDemo } from './demo.service.ts';
