import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** A crew account's home is its tablet app. */
export const load: PageServerLoad = ({ locals }) => {
	if (locals.user?.role === 'crew') redirect(303, '/crew');
};
