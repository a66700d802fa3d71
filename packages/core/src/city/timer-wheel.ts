/**
 * The timer wheel behind the silence tracker (silence-tracker.ts): schedules one deadline per watched source
 * without allocating, and expires them in time proportional to the work due, not to the number of sources.
 */

/** Counters of the timer wheel: what `advance` and `seen` cost, in operations rather than wall time. */
export interface TimerWheelStats {
  /** Timers currently in the wheel. */
  scheduled: number;
  /** Insertions into a slot: one per schedule, plus one per cascade. */
  inserts: number;
  /** Insertions caused by moving a timer from a coarse level to a finer one. */
  cascaded: number;
  /** Timers that reached their slot and were handed back to the tracker. */
  expired: number;
  /** Wheel ticks processed by `advance`. */
  ticks: number;
}

const LEVEL_BITS = 8;
const SLOTS = 1 << LEVEL_BITS;
const LEVELS = 4;
/** Ticks covered by one slot of each level: 1, 256, 65 536, 16 777 216. */
const SLOT_SPAN = Array.from({ length: LEVELS + 1 }, (_, level) => SLOTS ** level);
/** Furthest a timer can be placed: 2^32 ticks (136 years at 1 s). Further deadlines are re-placed on expiry. */
const MAX_DELTA = (SLOT_SPAN[LEVELS] as number) - 1;

/** Intrusive list node: the tracked source is its own timer, so rescheduling allocates nothing. */
export interface WheelEntry {
  prev: WheelEntry | null;
  next: WheelEntry | null;
  /** Index in the wheel's flat slot array, -1 when not scheduled. */
  slot: number;
  expiresTick: number;
}

/**
 * A hierarchical timing wheel (Varghese & Lauck, scheme 7; the layout of the classic Linux kernel timer wheel):
 * 4 levels of 256 slots. A timer goes to the finest level whose span covers its distance; when the finest level
 * wraps, the next coarser slot is cascaded down. Schedule and cancel are O(1) (intrusive doubly linked lists);
 * `advanceTo` is O(ticks passed + timers expired + timers cascaded), and each timer cascades at most 3 times.
 *
 * Written here rather than taken from a package: silence detection is the product's core promise for 100k
 * devices, the structure is ~100 lines, and we need the operation counters (tests assert on them) and the
 * intrusive nodes (no allocation per report), which general-purpose timer libraries do not expose.
 */
export class TimerWheel<T extends WheelEntry> {
  private readonly heads: (WheelEntry | null)[] = new Array<WheelEntry | null>(SLOTS * LEVELS).fill(null);
  private readonly levelCounts: number[] = new Array<number>(LEVELS).fill(0);
  /** The next tick to process: every tick before it has fired. */
  /** The next tick to process: every tick before it has fired. */
  private current: number;
  readonly counters: TimerWheelStats = { scheduled: 0, inserts: 0, cascaded: 0, expired: 0, ticks: 0 };

  constructor(startTick: number) {
    this.current = startTick;
  }

  /** Places `entry` to fire at `tick`; a tick already processed fires on the next `advanceTo`. */
  schedule(entry: T, tick: number): void {
    if (entry.slot !== -1) this.unlink(entry);
    const delta = Math.min(Math.max(tick - this.current, 0), MAX_DELTA);
    entry.expiresTick = this.current + delta;
    this.counters.scheduled += 1;
    this.insert(entry);
  }

  /** True when `tick` has already been processed: a timer for it would only fire on the next tick. */
  hasPassed(tick: number): boolean {
    return tick < this.current;
  }

  cancel(entry: T): void {
    if (entry.slot !== -1) this.unlink(entry);
  }

  /**
   * Processes ticks up to and including `tick`, handing each expired entry to `onExpire` (which may reschedule).
   * Stretches where the finer levels are empty are skipped to the next cascade boundary, so a long quiet period
   * costs a few steps per level rather than one per tick.
   */
  advanceTo(tick: number, onExpire: (entry: T) => void): void {
    while (this.current <= tick) {
      const now = this.current;
      for (let level = 1; level < LEVELS && now % SLOT_SPAN[level]! === 0; level += 1) this.cascade(level, now);
      const slot = now % SLOTS;
      for (let entry = this.heads[slot] ?? null; entry !== null; entry = this.heads[slot] ?? null) {
        this.unlink(entry);
        this.counters.expired += 1;
        onExpire(entry as T);
      }
      this.counters.ticks += 1;
      this.current = Math.min(this.nextBusyTick(now + 1), tick + 1);
    }
  }

  /** The first tick from `from` on where a slot may fire or cascade, given which levels hold timers. */
  private nextBusyTick(from: number): number {
    let level = 0;
    while (level < LEVELS && this.levelCounts[level] === 0) level += 1;
    if (level === 0) return from;
    if (level === LEVELS) return Number.POSITIVE_INFINITY;
    const span = SLOT_SPAN[level]!;
    return Math.ceil(from / span) * span;
  }

  private insert(entry: WheelEntry): void {
    const delta = entry.expiresTick - this.current;
    let level = 0;
    while (delta >= SLOT_SPAN[level + 1]!) level += 1;
    const slot = level * SLOTS + (Math.floor(entry.expiresTick / SLOT_SPAN[level]!) % SLOTS);
    const head = this.heads[slot] ?? null;
    entry.prev = null;
    entry.next = head;
    if (head !== null) head.prev = entry;
    this.heads[slot] = entry;
    entry.slot = slot;
    this.levelCounts[level]! += 1;
    this.counters.inserts += 1;
  }

  private unlink(entry: WheelEntry): void {
    this.levelCounts[Math.floor(entry.slot / SLOTS)]! -= 1;
    if (entry.prev !== null) entry.prev.next = entry.next;
    else this.heads[entry.slot] = entry.next;
    if (entry.next !== null) entry.next.prev = entry.prev;
    entry.prev = entry.next = null;
    entry.slot = -1;
    this.counters.scheduled -= 1;
  }

  /** Re-places every timer of the coarse slot that `now` enters; they are all within its span of `now`. */
  private cascade(level: number, now: number): void {
    const slot = level * SLOTS + (Math.floor(now / SLOT_SPAN[level]!) % SLOTS);
    let entry = this.heads[slot] ?? null;
    this.heads[slot] = null; // detach first: an entry may land back in this very slot (one full turn later)
    while (entry !== null) {
      const next: WheelEntry | null = entry.next;
      this.levelCounts[level]! -= 1;
      entry.slot = -1;
      this.insert(entry);
      this.counters.cascaded += 1;
      entry = next;
    }
  }
}
