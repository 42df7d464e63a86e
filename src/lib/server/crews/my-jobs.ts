import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '../db/client.ts';
import type { CrewJobDto } from '../../contracts/crew.ts';
import type { JobDto } from '../../contracts/jobs.ts';
import { loadJob, loadJobEvents } from '../jobs/repository.ts';
import { listPhotos } from '../jobs/photos.ts';

/** Statuses in which a job is on a crew's tablet. */
export const crewJobStatuses = ['dispatched', 'en_route', 'on_site'] as const;

/**
 * The jobs a crew is working, soonest deadline first, each with its history and photos. The
 * reporter's name and callback number are included only when the dispatcher shared them.
 */
export async function listCrewJobs(q: Queryable, crewId: number): Promise<CrewJobDto[]> {
	const found = await rows<{ id: number | string }>(
		q,
		sql`select id from jobs
		    where crew_id = ${crewId} and status = any(${sql.param([...crewJobStatuses])}::text[])
		    order by deadline_at, id`
	);
	const jobs: CrewJobDto[] = [];
	for (const { id } of found) {
		const job = await crewView(q, Number(id));
		if (job) jobs.push(job);
	}
	return jobs;
}

/** One job as its crew sees it. */
export async function crewView(q: Queryable, jobId: number): Promise<CrewJobDto | null> {
	const job = await loadJob(q, jobId, { withReporter: true });
	if (!job) return null;
	const [category] = await rows<{ name_zh: string; name_en: string }>(
		q,
		sql`select name_zh, name_en from categories where code = ${job.categoryCode}`
	);
	return {
		...shareReporter(job),
		categoryNameZh: category?.name_zh ?? job.categoryCode,
		categoryNameEn: category?.name_en ?? job.categoryCode,
		history: await loadJobEvents(q, jobId),
		photos: (await listPhotos(q, jobId)).map(({ id, contentType, sizeBytes, createdAt }) => ({
			id,
			contentType,
			sizeBytes,
			createdAt
		}))
	};
}

/** Keeps the reporter only when the dispatcher shared it with the crew. */
export function shareReporter(job: JobDto): JobDto {
	if (job.reporterShared) return job;
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { reporter, ...rest } = job;
	return rest;
}
