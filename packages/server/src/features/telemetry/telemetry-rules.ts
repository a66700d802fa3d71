import type { AlertRule } from '@citysoc/core';

/**
 * The rule kinds CitySOC evaluates itself on IoT and physical telemetry, beside Sigma: their metadata is what
 * an alert shows as its rule. Ids are stable (alerts are keyed by rule id and event id).
 */
const base = { author: 'CitySOC', references: [], falsepositives: [] } satisfies Partial<AlertRule>;

export const SILENCE_RULE: AlertRule = {
  ...base,
  id: 'citysoc-telemetry-silent',
  title: 'Device silent',
  level: 'high',
  description:
    'An asset with a declared reporting interval sent nothing for three intervals: it may be down, unplugged, ' +
    'jammed or cut off by an attacker. The asset is marked silent, so the cascade impact counts it as missing.',
  tags: ['attack.impact', 'attack.t0881', 'citysoc.silence'],
  falsepositives: ['Planned maintenance', 'Network outage upstream of the device'],
};

export const CADENCE_RULE: AlertRule = {
  ...base,
  id: 'citysoc-telemetry-cadence',
  title: 'Reporting cadence changed',
  level: 'low',
  description:
    'An asset reports much faster or slower than its declared interval: a reconfigured, replaced or ' +
    'spoofed device, or a feed that is being throttled.',
  tags: ['citysoc.silence'],
  falsepositives: ['Firmware update changing the reporting interval'],
};

export const RANGE_RULE: AlertRule = {
  ...base,
  id: 'citysoc-telemetry-range',
  title: 'Reading out of range',
  level: 'medium',
  description: "A reading left the range declared for the asset's metric in the inventory.",
  tags: ['citysoc.telemetry'],
  falsepositives: ['Sensor calibration', 'A range in the inventory that is too narrow'],
};

export const ANOMALY_RULE: AlertRule = {
  ...base,
  id: 'citysoc-telemetry-anomaly',
  title: 'Anomalous reading',
  level: 'low',
  description:
    "A reading far from the device's own recent baseline (exponentially weighted mean and variance, z-score " +
    'above the threshold): a fault, tampering or a process upset worth a look.',
  tags: ['citysoc.anomaly'],
  falsepositives: ['Legitimate changes of operating point', 'Seasonal patterns the baseline does not model'],
};
