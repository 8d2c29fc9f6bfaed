import type { Redis } from "ioredis";
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";
import { CloudError } from "../errors.ts";

export type RateBucket = "sign-in" | "device";

export interface RateLimitSettings {
  signInRatePerMinute: number;
  deviceRatePerMinute: number;
}

/**
 * Per-client-address limits on the endpoints that guess secrets (passwords, device codes). With Redis the
 * counters are shared by every Cloud node, so adding nodes does not multiply an attacker's budget. The route
 * binder consumes a point only for a request that passed its schemas: a real credential check.
 * A refusal is RATE_LIMITED with `retryAfterSeconds`, which the problem answer also sends as `Retry-After`.
 */
export function createRateLimiter(settings: RateLimitSettings, redis: Redis | null) {
  const make = (bucket: RateBucket, points: number): RateLimiterAbstract => {
    const options = { keyPrefix: `multiclaw:rl:${bucket}`, points, duration: 60 };
    return redis
      ? new RateLimiterRedis({
          ...options,
          storeClient: redis,
          insuranceLimiter: new RateLimiterMemory(options),
        })
      : new RateLimiterMemory(options);
  };
  const limiters: Record<RateBucket, RateLimiterAbstract> = {
    "sign-in": make("sign-in", settings.signInRatePerMinute),
    device: make("device", settings.deviceRatePerMinute),
  };

  return async function consume(bucket: RateBucket, key: string): Promise<void> {
    try {
      await limiters[bucket].consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw new CloudError("RATE_LIMITED", "Too many attempts; wait a moment", {
          retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
        });
      }
      throw rejection;
    }
  };
}
