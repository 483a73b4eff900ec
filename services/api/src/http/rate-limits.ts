import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Types } from 'mongoose';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError, metrics } from '@mca/platform';
import type { Context } from '@mca/core';
import { onePerContext } from '../per-context';
import { partnerOf } from './auth';

/**
 * `calls`: the partner API other than order authorization; `sends`: what spends the deployment's
 * shared email and Partner Center budgets (consent requests, resends, Partner Center re-checks);
 * `orders`: POST /v1/orders/authorize.
 */
export type Budget = 'calls' | 'sends' | 'orders';

export interface RateLimits {
  /** Spends one unit of the partner's budget, or throws 429 RATE_LIMITED with Retry-After set on `res` (Express's or node's). */
  spend(budget: Budget, partnerId: Types.ObjectId, res: Pick<ServerResponse, 'setHeader'>): Promise<void>;
  /** The same as middleware, after requirePartner. */
  limit(budget: Budget): (req: Request, res: Response, next: NextFunction) => Promise<void>;
}

const WINDOW_SECONDS = 60;

/**
 * Per-partner budgets per minute. `calls` and `sends` are counted in Redis, so the limit holds
 * across every API instance; should Redis fail, each instance goes on counting in memory rather
 * than refusing or waving everything through. `orders` is counted in memory only: the ordering
 * path answers from memory and must not wait on a Redis round trip, so each instance allows
 * RATE_LIMIT_ORDERS_PER_MINUTE on its own.
 */
export function createRateLimits(ctx: Context): RateLimits {
  const shared = (budget: Budget, points: number) =>
    new RateLimiterRedis({
      storeClient: ctx.redis,
      keyPrefix: `${ctx.config.QUEUE_PREFIX}:rate:${budget}`,
      points,
      duration: WINDOW_SECONDS,
      // Once over, the rest of the window is refused from memory: a flood costs Redis nothing.
      inMemoryBlockOnConsumed: points + 1,
      insuranceLimiter: new RateLimiterMemory({ points, duration: WINDOW_SECONDS }),
    });
  const limiters: Record<Budget, RateLimiterAbstract> = {
    calls: shared('calls', ctx.config.RATE_LIMIT_PER_MINUTE),
    sends: shared('sends', ctx.config.RATE_LIMIT_SENDS_PER_MINUTE),
    orders: new RateLimiterMemory({ points: ctx.config.RATE_LIMIT_ORDERS_PER_MINUTE, duration: WINDOW_SECONDS }),
  };

  async function spend(budget: Budget, partnerId: Types.ObjectId, res: Pick<ServerResponse, 'setHeader'>): Promise<void> {
    const limiter = limiters[budget];
    try {
      await limiter.consume(partnerId.toString());
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      metrics.rateLimited.inc({ budget });
      // Logged once per partner and window, not once per refused call.
      if (rejection.consumedPoints === limiter.points + 1) ctx.logger.warn({ partnerId: partnerId.toString(), budget }, 'partner reached its rate limit');
      res.setHeader('Retry-After', String(retryAfter));
      throw new AppError('RATE_LIMITED', `rate limit for ${budget} reached (${limiter.points} per minute); retry after ${retryAfter} s`, {
        budget,
        retryAfter,
      });
    }
  }

  return {
    spend,
    limit: (budget) => async (req, res, next) => {
      await spend(budget, partnerOf(req).id, res);
      next();
    },
  };
}

/** Every router spends from the same per-instance order budget. */
export const rateLimitsFor = onePerContext(createRateLimits);
