export { createTelemetryDetectors, type TelemetryDetectors } from './telemetry-detectors.ts';
export { ANOMALY_RULE, CADENCE_RULE, RANGE_RULE, SILENCE_RULE } from './telemetry-rules.ts';
