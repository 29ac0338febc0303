/**
 * Replay protection: a verified delivery's key (a signature nonce, a `webhook-id`, ...) is
 * remembered until its signature window ends, so that a captured request is accepted once.
 * Only requests whose signature verified reach the store, so only the provider can grow it.
 */
export interface ReplayStore {
  /** For the start-up log: what the store is and whether instances share it. */
  readonly description: string;
  /**
   * Records `key` until `expiresAt` (unix seconds). Resolves true the first time, false while
   * the key is recorded and not yet expired. Rejects when the store cannot answer (full,
   * unreachable): the receiver then answers 503, so the provider retries; never 2xx.
   */
  claim(key: string, expiresAt: number, nowSeconds: number): Promise<boolean>;
  /**
   * Forgets a claimed key: the receiver calls it when the delivery it claimed for could not be
   * handled or stored (500, 503), so that the provider's retry is accepted.
   */
  release?(key: string): Promise<void>;
  close?(): Promise<void>;
}

export class ReplayStoreUnavailableError extends Error {
  override readonly name = 'ReplayStoreUnavailableError';
}

/**
 * One process's memory. Entries live until their own expiry, however many there are: nothing
 * is evicted early. Past `maxEntries` unexpired entries the store refuses (fail closed) instead
 * of forgetting. It is per instance and forgets everything on restart; use the Redis store for
 * several instances or restart-safe protection.
 */
export class MemoryReplayStore implements ReplayStore {
  readonly description = 'in-memory (per instance, forgotten on restart)';
  private readonly expiries = new Map<string, number>();

  constructor(private readonly maxEntries: number) {}

  claim(key: string, expiresAt: number, nowSeconds: number): Promise<boolean> {
    try {
      return Promise.resolve(this.claimNow(key, expiresAt, nowSeconds));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  release(key: string): Promise<void> {
    this.expiries.delete(key);
    return Promise.resolve();
  }

  get size(): number {
    return this.expiries.size;
  }

  private claimNow(key: string, expiresAt: number, now: number): boolean {
    const known = this.expiries.get(key);
    if (known !== undefined && known >= now) return false;
    this.expiries.delete(key);
    if (this.expiries.size >= this.maxEntries) this.sweep(now);
    if (this.expiries.size >= this.maxEntries) {
      throw new ReplayStoreUnavailableError(
        `replay store full: ${this.maxEntries} unexpired entries (REPLAY_MAX_ENTRIES)`,
      );
    }
    this.expiries.set(key, expiresAt);
    // Insertion order is close to expiry order: drop expired entries from the oldest end.
    for (const [oldest, expiry] of this.expiries) {
      if (expiry >= now) break;
      this.expiries.delete(oldest);
    }
    return true;
  }

  /** Removes every expired entry, wherever it sits (only when the store is full). */
  private sweep(now: number): void {
    for (const [key, expiry] of this.expiries) if (expiry < now) this.expiries.delete(key);
  }
}
