import {
	RateLimiterMemory,
	RateLimiterRedis,
	type RateLimiterAbstract,
	RateLimiterRes
} from 'rate-limiter-flexible';
import type { RedisClientType } from 'redis';

export interface ThrottleOptions {
	maxFailures: number;
	windowSec: number;
	/** Shared counters across app nodes; in-memory when absent. */
	redis?: RedisClientType;
}

/**
 * Counts failed sign-ins per username+address, and per address alone (against password
 * spraying across many usernames). A success clears the username+address counter.
 */
export class LoginThrottle {
	readonly #perUser: RateLimiterAbstract;
	readonly #perAddress: RateLimiterAbstract;
	readonly #max: number;

	constructor({ maxFailures, windowSec, redis }: ThrottleOptions) {
		this.#max = maxFailures;
		const make = (keyPrefix: string, points: number) =>
			redis
				? new RateLimiterRedis({
						storeClient: redis,
						useRedisPackage: true,
						keyPrefix,
						points,
						duration: windowSec
					})
				: new RateLimiterMemory({ keyPrefix, points, duration: windowSec });
		this.#perUser = make('login_user', maxFailures);
		this.#perAddress = make('login_addr', maxFailures * 10);
	}

	/** Seconds to wait before another try, or 0 when a try is allowed now. */
	async retryAfter(username: string, address: string): Promise<number> {
		const [user, addr] = await Promise.all([
			this.#perUser.get(userKey(username, address)),
			this.#perAddress.get(address)
		]);
		const waits = [
			{ res: user, limit: this.#max },
			{ res: addr, limit: this.#max * 10 }
		]
			.filter(
				(e): e is { res: RateLimiterRes; limit: number } =>
					e.res !== null && e.res.consumedPoints >= e.limit
			)
			.map((e) => Math.ceil(e.res.msBeforeNext / 1000));
		return waits.length === 0 ? 0 : Math.max(...waits, 1);
	}

	/** Records a failed try. */
	async failed(username: string, address: string): Promise<void> {
		await Promise.all([
			this.#perUser.penalty(userKey(username, address), 1),
			this.#perAddress.penalty(address, 1)
		]);
	}

	/** Clears the username+address counter after a good sign-in. */
	async succeeded(username: string, address: string): Promise<void> {
		await this.#perUser.delete(userKey(username, address));
	}
}

function userKey(username: string, address: string): string {
	return `${username.toLowerCase()}|${address}`;
}
