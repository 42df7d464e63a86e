import { hash, verify } from '@node-rs/argon2';

// argon2id with the library's defaults (19 MiB, 2 passes), the OWASP minimum for argon2id.
/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
	return hash(password);
}

/** Checks a password against its argon2 hash; a malformed hash counts as a mismatch. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

/** A hash of a random password, verified against when the user does not exist (equal timing). */
export const dummyHash = hash(crypto.randomUUID());
