import { redirect } from '@sveltejs/kit';
import { signOut } from '$lib/server/auth/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ signedIn: locals.user !== null });

export const actions: Actions = {
	default: async ({ cookies, locals }) => {
		await signOut(cookies, locals.tokenHash);
		redirect(303, '/login');
	}
};
