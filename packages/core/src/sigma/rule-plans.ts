import { type CompiledRule } from './compile-rule.ts';
import { type EventContext } from './event-context.ts';
import { LiteralIndex } from './literal-index.ts';
import { type EventSource, sourceKey } from './routing.ts';

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

  /** The rules worth evaluating on this event, in rule-set order. */
  candidates(ctx: EventContext): readonly CompiledRule[] {
    if (!this.prefilter || this.rules.length < MIN_INDEXED_RULES) return this.rules;
    this.index ??= new LiteralIndex(this.rules.map((c) => c.requirement));
    return this.index.candidates(ctx).map((i) => this.rules[i]!);
  }
}

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

  constructor(
    private readonly compiled: readonly CompiledRule[],
    private readonly prefilter: boolean,
  ) {}

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
