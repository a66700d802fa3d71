import { type CompiledRule } from './compile-rule.ts';
import { type EventContext } from './event-context.ts';
import { LiteralIndex } from './literal-index.ts';
import { eventSource, type EventSource, sourceKey } from './routing.ts';
import { type SigmaRule } from './types.ts';

/** Probing the index costs about as much as evaluating a few rules: small plans are evaluated directly. */
const MIN_INDEXED_RULES = 8;

/**
 * The rules that can apply to events of one source, in rule-set order, and (when prefiltering) the literal
 * index over them, built on the plan's first event so sources never seen cost nothing.
 */
export class Plan {
  private index: LiteralIndex | null = null;

  constructor(
    readonly rules: readonly CompiledRule[],
    private readonly prefilter: boolean,
  ) {}

  /** Appends the plan's rules that match the event to `hits`, in rule-set order. */
  collectMatches(ctx: EventContext, hits: SigmaRule[]): void {
    const { rules } = this;
    if (!this.prefilter || rules.length < MIN_INDEXED_RULES) {
      for (let i = 0; i < rules.length; i++) if (rules[i]!.matches(ctx)) hits.push(rules[i]!.rule);
      return;
    }
    this.index ??= new LiteralIndex(rules.map((c) => c.requirement));
    const count = this.index.select(ctx);
    const { selected } = this.index;
    for (let i = 0; i < count; i++) {
      const c = rules[selected[i]!]!;
      if (c.matches(ctx)) hits.push(c.rule);
    }
  }
}

const isMemoKey = (v: unknown): boolean => v === undefined || v === null || typeof v !== 'object';

/*
 * Distinct event sources are few in practice (a channel × event-id pair each), but an event's Channel and
 * EventID come from the wire: the memos are capped so crafted values cannot grow them without bound. Past
 * MAX_SOURCES a plan is computed per event, not remembered; past MAX_INDEXED_PLANS new plans get no literal
 * index (an index costs megabytes and tens of milliseconds to build), so they are correct, only slower.
 */
const MAX_SOURCES = 1024;
const MAX_INDEXED_PLANS = 64;

/**
 * Log-source routing: which compiled rules apply to an event source, worked out once per source. Sources
 * with the same applicable rules share one plan (so per-plan indexes are built once).
 */
export class RulePlans {
  private readonly bySource = new Map<string, Plan>();
  private readonly bySignature = new Map<string, Plan>();
  /** channel value → event id value → plan, as the event carries them (see `planForEvent`) */
  private readonly byRawSource = new Map<unknown, Map<unknown, Plan>>();
  private rawSources = 0;

  constructor(
    private readonly compiled: readonly CompiledRule[],
    private readonly prefilter: boolean,
  ) {}

  /**
   * The plan of an event. Its source is a function of the raw `Channel` and `EventID` values, so primitive
   * values key a memo directly: most events skip trimming, lower-casing and building the source key.
   */
  planForEvent(ctx: EventContext): Plan {
    const channel = ctx.value('Channel');
    const eventId = ctx.value('EventID');
    if (!isMemoKey(channel) || !isMemoKey(eventId)) return this.planFor(eventSource(ctx));
    let byEventId = this.byRawSource.get(channel);
    const known = byEventId?.get(eventId);
    if (known) return known;
    const plan = this.planFor(eventSource(ctx));
    if (this.rawSources < MAX_SOURCES) {
      if (!byEventId) {
        byEventId = new Map();
        this.byRawSource.set(channel, byEventId);
      }
      byEventId.set(eventId, plan);
      this.rawSources++;
    }
    return plan;
  }

  planFor(source: EventSource): Plan {
    const key = sourceKey(source);
    let plan = this.bySource.get(key);
    if (plan) return plan;
    const rules = this.compiled.filter((c) => c.route === null || c.route(source));
    const signature = rules.map((c) => c.rule.id).join('\n');
    plan = this.bySignature.get(signature);
    if (!plan) {
      const indexed = this.prefilter && this.bySignature.size < MAX_INDEXED_PLANS;
      plan = new Plan(rules, indexed);
      if (indexed) this.bySignature.set(signature, plan);
    }
    if (this.bySource.size < MAX_SOURCES) this.bySource.set(key, plan);
    return plan;
  }
}
