import { type StanceLevel, type StanceReason } from './level.ts';
import { type StanceSignals } from './signals.ts';

/** One threshold of a rule: a measure at or above `atLeast` demands at least `level`. */
export interface StanceTier {
  readonly atLeast: number;
  readonly level: StanceLevel;
}

/**
 * One row of the rule table: a measure of the signals, its thresholds (highest level first, the first met
 * wins) and the sentence that explains it. Rules never lower a level; the stance is the highest minimum any
 * rule demands. Every `atLeast` is ≥ 1, so a signal at zero never fires.
 */
export interface StanceRule {
  readonly code: string;
  /** What `measure` returns, in words, for the documentation and the dashboard's rule table. */
  readonly signal: string;
  readonly tiers: readonly StanceTier[];
  readonly measure: (signals: StanceSignals) => number;
  /** The evidence, without the level: "2 KEV findings on critical services (water-supply, power-grid)". */
  readonly describe: (signals: StanceSignals) => string;
}

/** Confidence from which a sighted indicator counts as strong evidence (STIX 2.1 "high" starts at 70). */
export const HIGH_CONFIDENCE = 75;
/** Confidence below which a sighting is too weak to move the stance on its own. */
export const MEDIUM_CONFIDENCE = 50;
/** Silent assets below this count never raise the stance, whatever the share (one dead sensor is not a signal). */
export const MIN_SILENT_ASSETS = 3;

/** Names quoted in a reason: the first five, then how many more. */
const MAX_QUOTED = 5;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function quoted(names: readonly string[], max = MAX_QUOTED): string {
  if (names.length === 0) return '';
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? ` (${shown}, +${names.length - max} more)` : ` (${shown})`;
}

/** The confidence measure of a window: its max confidence when something was sighted, else 0. */
function sightingConfidence(window: StanceSignals['sightings']['last24h']): number {
  return window.indicators > 0 ? (window.maxConfidence ?? 0) : 0;
}

function sightingText(window: StanceSignals['sightings']['last24h'], period: string): string {
  const confidence = window.maxConfidence === null ? '' : ` (max confidence ${window.maxConfidence})`;
  return `${plural(window.indicators, 'indicator')} sighted in the ${period}${confidence}`;
}

function silentShare(assets: StanceSignals['assets']): number {
  if (assets.total === 0 || assets.silent < MIN_SILENT_ASSETS) return 0;
  return Math.min(100, (assets.silent / assets.total) * 100);
}

/**
 * The rule table. Documented in stance/README.md; a change here changes the city's stance, so change both. Order
 * is the tie-break of reasons that demand the same level: incidents, then intelligence, vulnerabilities and
 * exposure, then assets and alerts.
 */
export const STANCE_RULES: readonly StanceRule[] = [
  {
    code: 'incidents_critical',
    signal: 'open critical incidents',
    tiers: [
      { atLeast: 2, level: 5 },
      { atLeast: 1, level: 4 },
    ],
    measure: (s) => s.openIncidents.critical,
    describe: (s) => `${plural(s.openIncidents.critical, 'open critical incident')}`,
  },
  {
    code: 'incidents_high',
    signal: 'open high-severity incidents',
    tiers: [
      { atLeast: 3, level: 4 },
      { atLeast: 1, level: 3 },
    ],
    measure: (s) => s.openIncidents.high,
    describe: (s) => `${plural(s.openIncidents.high, 'open high-severity incident')}`,
  },
  {
    code: 'incidents_medium',
    signal: 'open medium-severity incidents',
    tiers: [
      { atLeast: 5, level: 3 },
      { atLeast: 1, level: 2 },
    ],
    measure: (s) => s.openIncidents.medium,
    describe: (s) => `${plural(s.openIncidents.medium, 'open medium-severity incident')}`,
  },
  {
    code: 'incidents_low',
    signal: 'open low-severity incidents',
    tiers: [{ atLeast: 10, level: 2 }],
    measure: (s) => s.openIncidents.low,
    describe: (s) => `${plural(s.openIncidents.low, 'open low-severity incident')}`,
  },
  {
    code: 'indicators_24h',
    signal: 'highest confidence of the indicators sighted in the last 24 h',
    tiers: [
      { atLeast: HIGH_CONFIDENCE, level: 3 },
      { atLeast: MEDIUM_CONFIDENCE, level: 2 },
    ],
    measure: (s) => sightingConfidence(s.sightings.last24h),
    describe: (s) => sightingText(s.sightings.last24h, 'last 24 h'),
  },
  {
    code: 'indicators_7d',
    signal: 'highest confidence of the indicators sighted in the last 7 days',
    tiers: [{ atLeast: HIGH_CONFIDENCE, level: 2 }],
    measure: (s) => sightingConfidence(s.sightings.last7d),
    describe: (s) => sightingText(s.sightings.last7d, 'last 7 days'),
  },
  {
    code: 'targeted_intel',
    signal: "intelligence objects targeting the city's sectors in the last 30 days",
    tiers: [
      { atLeast: 3, level: 3 },
      { atLeast: 1, level: 2 },
    ],
    measure: (s) => s.targetedIntel.last30d,
    describe: (s) => {
      const { last30d, sectors, names } = s.targetedIntel;
      const about = names.length === 0 ? '' : `: ${names.slice(0, 3).join('; ')}${names.length > 3 ? '; …' : ''}`;
      return `${plural(last30d, 'intelligence object')} targeting the city's sectors${quoted(sectors)} in the last 30 days${about}`;
    },
  },
  {
    code: 'kev_critical_services',
    signal: 'KEV findings on assets that critical services depend on',
    tiers: [{ atLeast: 1, level: 3 }],
    measure: (s) => s.vulnerabilities.kevOnCriticalServices.findings,
    describe: (s) => {
      const { findings, services } = s.vulnerabilities.kevOnCriticalServices;
      return `${plural(findings, 'KEV finding')} on critical services${quoted(services)}`;
    },
  },
  {
    code: 'exposed_kev_assets',
    signal: 'internet-facing assets with a KEV finding',
    tiers: [
      { atLeast: 3, level: 4 },
      { atLeast: 1, level: 3 },
    ],
    measure: (s) => s.exposure.internetFacingAssetsWithKev,
    describe: (s) => {
      const { internetFacingAssetsWithKev: n, assets } = s.exposure;
      const what = n === 1 ? 'internet-facing asset with a KEV finding' : 'internet-facing assets with KEV findings';
      return `${n} ${what}${quoted(assets)}`;
    },
  },
  {
    code: 'kev_high_services',
    signal: 'KEV findings on assets that high-criticality services depend on',
    tiers: [{ atLeast: 1, level: 2 }],
    measure: (s) => s.vulnerabilities.kevOnHighServices.findings,
    describe: (s) => {
      const { findings, services } = s.vulnerabilities.kevOnHighServices;
      return `${plural(findings, 'KEV finding')} on high-criticality services${quoted(services)}`;
    },
  },
  {
    code: 'p1_findings',
    signal: 'open P1 vulnerability findings',
    tiers: [{ atLeast: 1, level: 2 }],
    measure: (s) => s.vulnerabilities.openByPriority.P1,
    describe: (s) => `${plural(s.vulnerabilities.openByPriority.P1, 'open P1 vulnerability finding')}`,
  },
  {
    code: 'isolated_assets',
    signal: 'assets isolated by a response action now',
    tiers: [
      { atLeast: 3, level: 3 },
      { atLeast: 1, level: 2 },
    ],
    measure: (s) => s.assets.isolated,
    describe: (s) => `${plural(s.assets.isolated, 'asset')} isolated by response actions`,
  },
  {
    code: 'silent_assets',
    signal: `percentage of assets silent now (counted from ${MIN_SILENT_ASSETS} silent assets)`,
    tiers: [
      { atLeast: 25, level: 3 },
      { atLeast: 10, level: 2 },
    ],
    measure: (s) => silentShare(s.assets),
    describe: (s) => {
      const { silent, total } = s.assets;
      return `${silent} of ${plural(total, 'asset')} (${Math.round(silentShare(s.assets))}%) silent`;
    },
  },
  {
    code: 'critical_alerts_24h',
    signal: 'critical alerts in the last 24 h',
    tiers: [
      { atLeast: 10, level: 3 },
      { atLeast: 1, level: 2 },
    ],
    measure: (s) => s.alerts.critical24h,
    describe: (s) => `${plural(s.alerts.critical24h, 'critical alert')} in the last 24 h`,
  },
];

/** What the signals alone call for: the highest rule minimum (1 when none fires) and one reason per fired rule. */
export interface RuleVerdict {
  readonly computedLevel: StanceLevel;
  /** Fired rules, highest level first, table order within a level; the baseline reason when none fired. */
  readonly reasons: StanceReason[];
}

/** The text of a fired rule: its evidence and the level it demands. */
export function ruleReasonText(evidence: string, level: StanceLevel): string {
  return `${evidence} → at least level ${level}`;
}

/**
 * Applies the rule table to the signals. Pure; no hysteresis and no override (that is `computeStance`). Exposed
 * for the dashboard's "what would the signals say" view and for tests.
 */
export function evaluateStanceRules(signals: StanceSignals, rules: readonly StanceRule[] = STANCE_RULES): RuleVerdict {
  const fired: { reason: StanceReason; order: number }[] = [];
  rules.forEach((rule, order) => {
    const value = rule.measure(signals);
    const tier = rule.tiers.find((t) => value >= t.atLeast);
    if (tier === undefined) return;
    const text = ruleReasonText(rule.describe(signals), tier.level);
    fired.push({ reason: { code: rule.code, kind: 'signal', level: tier.level, text }, order });
  });
  fired.sort((a, b) => b.reason.level - a.reason.level || a.order - b.order);
  const reasons = fired.map((f) => f.reason);
  const top = reasons[0];
  if (top === undefined) {
    const text = 'No signal is above its threshold: normal operations';
    return { computedLevel: 1, reasons: [{ code: 'baseline', kind: 'baseline', level: 1, text }] };
  }
  return { computedLevel: top.level, reasons };
}
