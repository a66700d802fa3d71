import { RateLimitedError } from '@citysoc/core';
import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';

export interface LoginThrottleOptions {
  maxFailuresPerUser: number;
  maxFailuresPerAddress: number;
  windowMinutes: number;
}

/**
 * Counts failed logins per username and per client address. Once either budget is spent, further attempts
 * are refused before the password is even checked, until the window passes. Per-username stops guessing
 * one account from many addresses; per-address stops spraying many accounts from one.
 */
export class LoginThrottle {
  private readonly perUser: RateLimiterMemory;
  private readonly perAddress: RateLimiterMemory;

  constructor(options: LoginThrottleOptions) {
    const duration = Math.ceil(options.windowMinutes * 60);
    this.perUser = new RateLimiterMemory({ keyPrefix: 'login-user', points: options.maxFailuresPerUser, duration });
    this.perAddress = new RateLimiterMemory({
      keyPrefix: 'login-address',
      points: options.maxFailuresPerAddress,
      duration,
    });
  }

  /** Throws RateLimitedError when the user or the address has no attempts left. */
  async check(username: string, address: string): Promise<void> {
    const [user, addr] = await Promise.all([this.perUser.get(username.toLowerCase()), this.perAddress.get(address)]);
    const blocked = [
      { res: user, limit: this.perUser.points },
      { res: addr, limit: this.perAddress.points },
    ].filter(({ res, limit }) => res !== null && res.consumedPoints >= limit);
    if (blocked.length > 0) {
      const wait = Math.max(...blocked.map(({ res }) => (res as RateLimiterRes).msBeforeNext)) / 1000;
      throw new RateLimitedError('Too many failed logins; try again later', wait);
    }
  }

  async recordFailure(username: string, address: string): Promise<void> {
    // consume() rejects once the budget is spent; that is expected here, the next check() refuses.
    await Promise.allSettled([this.perUser.consume(username.toLowerCase()), this.perAddress.consume(address)]);
  }

  async recordSuccess(username: string): Promise<void> {
    await this.perUser.delete(username.toLowerCase());
  }
}
