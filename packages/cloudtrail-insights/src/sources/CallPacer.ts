import { setTimeout as sleep } from 'node:timers/promises';

/** What {@link CallPacer.state} reports, e.g. for the `cloudtrail://status` resource. */
export interface PacerState {
  key: string;
  callsPerSecond: number;
  calls: number;
  throttled: number;
  waiting: number;
  lastCallAt?: string;
}

const pacers = new Map<string, CallPacer>();

/** Added to each slot: at 2 calls/s, slots 525 ms apart (95 events/s of 50-event pages at most). */
export const JITTER_GUARD_MS = 25;

/** Time source of a pacer; tests pass a manual one. */
export interface PacerClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const realClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }),
};

/**
 * Spaces calls to one API so that at most `callsPerSecond` start in any second. One pacer exists per key
 * (account and Region) in the process, so every caller, source and MCP request shares the same budget.
 *
 * @example
 * const pacer = CallPacer.for('123456789012|eu-west-1', 2);
 * await pacer.acquire(); // resolves when this call may start
 */
export class CallPacer {
  private nextSlot = 0;
  private calls = 0;
  private throttled = 0;
  private waiting = 0;
  private lastCallAt?: number;

  /** Prefer {@link CallPacer.for}, which shares one pacer per key; construct directly only for tests. */
  constructor(
    readonly key: string,
    private readonly callsPerSecond: number,
    private readonly clock: PacerClock = realClock,
  ) {}

  /** The process-wide pacer for `key`; the first caller's rate wins (a later, lower rate lowers it). */
  static for(key: string, callsPerSecond: number): CallPacer {
    const existing = pacers.get(key);
    if (existing && existing.callsPerSecond <= callsPerSecond) return existing;
    const pacer = new CallPacer(key, callsPerSecond);
    if (existing) {
      pacer.nextSlot = existing.nextSlot;
      pacer.calls = existing.calls;
      pacer.throttled = existing.throttled;
    }
    pacers.set(key, pacer);
    return pacer;
  }

  /** States of every pacer in the process. */
  static states(): PacerState[] {
    return [...pacers.values()].map((p) => p.state());
  }

  /** Forgets every pacer (tests). @internal */
  static resetAll(): void {
    pacers.clear();
  }

  /** Waits for the next free slot; slots are handed out in call order. */
  async acquire(signal?: AbortSignal): Promise<void> {
    // A small guard keeps two calls that start exactly 1/rate apart from arriving closer than that when the
    // network delays the earlier one: the service counts arrivals, not our start times.
    const interval = 1000 / this.callsPerSecond + JITTER_GUARD_MS;
    const now = this.clock.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + interval;
    if (slot > now) {
      this.waiting++;
      try {
        await this.clock.sleep(slot - now, signal);
      } finally {
        this.waiting--;
      }
    }
    this.calls++;
    this.lastCallAt = this.clock.now();
  }

  /** Records a throttled call and pushes the next slot back by `penaltyMs` for everyone sharing the pacer. */
  noteThrottled(penaltyMs: number): void {
    this.throttled++;
    this.nextSlot = Math.max(this.nextSlot, this.clock.now() + penaltyMs);
  }

  state(): PacerState {
    return {
      key: this.key,
      callsPerSecond: this.callsPerSecond,
      calls: this.calls,
      throttled: this.throttled,
      waiting: this.waiting,
      lastCallAt: this.lastCallAt === undefined ? undefined : new Date(this.lastCallAt).toISOString(),
    };
  }
}
