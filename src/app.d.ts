import type { SessionUser } from '$lib/contracts/auth';
import type { Locale } from '$lib/i18n';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			/** Hash of the session token behind this request, for logout. */
			tokenHash: string | null;
			locale: Locale;
		}
		interface PageData {
			user: SessionUser | null;
			locale: Locale;
		}
	}
}

export {};
