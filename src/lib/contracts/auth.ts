import { z } from 'zod';

/** Roles, from the narrowest to the widest view. */
export const roles = ['crew', 'dispatcher', 'coordinator', 'supervisor', 'admin'] as const;
export type Role = (typeof roles)[number];

/** The signed-in user as pages, the API and sockets see it. */
export interface SessionUser {
	id: number;
	username: string;
	role: Role;
	crewId: number | null;
}

/** `POST /api/session` */
export const loginSchema = z.strictObject({
	username: z.string().trim().min(1).max(64),
	password: z.string().min(1).max(200)
});

/** `POST /api/users` */
export const createUserSchema = z
	.strictObject({
		username: z
			.string()
			.trim()
			.min(3)
			.max(64)
			.regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, underscore or hyphen only'),
		password: z.string().min(10).max(200),
		role: z.enum(roles),
		crewId: z.int().positive().optional()
	})
	.superRefine((u, ctx) => {
		if (u.role === 'crew' && u.crewId === undefined) {
			ctx.addIssue({ code: 'custom', path: ['crewId'], message: 'a crew account needs crewId' });
		}
		if (u.role !== 'crew' && u.crewId !== undefined) {
			ctx.addIssue({ code: 'custom', path: ['crewId'], message: 'only a crew account has crewId' });
		}
	});

export type CreateUser = z.infer<typeof createUserSchema>;
