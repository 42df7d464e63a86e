import type { Category } from '$lib/contracts/catalog';
import type { PointLookup } from '$lib/contracts/geo';
import type { CreateJob, GeocodePreview, JobDto, Point } from '$lib/contracts/jobs';
import { api, ApiFailure, isAbort, type DuplicateSuggestion } from './api.ts';
import { formatCoordinate, parseCoordinate, parsePair } from './coordinates.ts';

/** The fields of the intake form, as error messages and focus name them. */
export type IntakeField =
	| 'category'
	| 'description'
	| 'reporterName'
	| 'reporterPhone'
	| 'priority'
	| 'address'
	| 'lon'
	| 'lat'
	| 'form';

/** Why a field is wrong: a code the form translates, and the server's own words if it sent any. */
export interface IntakeError {
	field: IntakeField;
	code:
		| 'category_required'
		| 'description_required'
		| 'location_required'
		| 'lon_invalid'
		| 'lat_invalid'
		| 'outside_service_area'
		| 'not_geocoded'
		| 'server';
	message?: string;
}

/** The API's dotted field names → the form's fields. */
const apiFields: Record<string, IntakeField> = {
	categoryCode: 'category',
	description: 'description',
	'reporter.name': 'reporterName',
	'reporter.phone': 'reporterPhone',
	reporter: 'reporterName',
	priority: 'priority',
	address: 'address',
	location: 'lon',
	'location.lon': 'lon',
	'location.lat': 'lat',
	confirmPin: 'address'
};

/** What the call taker sees after filing: the server's answer and what may be the same case. */
export interface FiledJob {
	job: JobDto;
	/** The suggestion the call taker marked as the same case while the call was live. */
	chosenDuplicateId: number | null;
	duplicates: DuplicateSuggestion[];
	mergedInto: number | null;
}

/**
 * One call being taken: the draft of a new job, the place it resolves to, the duplicate
 * suggestions for it, and the answer once filed. Lookups run as the point and category become
 * known; each new lookup aborts the one before it.
 */
export class IntakeDraft {
	category = $state.raw<Category | null>(null);
	description = $state('');
	reporterName = $state('');
	reporterPhone = $state('');
	priority = $state(2);
	address = $state('');
	lonText = $state('');
	latText = $state('');
	point = $state.raw<Point | null>(null);
	/** Teach the address cache this pin for this address. */
	confirmPin = $state(false);

	place = $state.raw<PointLookup | null>(null);
	placeStatus = $state<'idle' | 'loading' | 'found' | 'outside' | 'failed'>('idle');
	/** Where the typed address would be filed (live preview; nothing is filed). */
	addressPreview = $state.raw<GeocodePreview | null>(null);
	addressStatus = $state<'idle' | 'loading' | 'found' | 'not_found' | 'outside' | 'failed'>('idle');
	duplicates = $state.raw<DuplicateSuggestion[]>([]);
	duplicatesStatus = $state<'idle' | 'loading' | 'done' | 'failed'>('idle');
	chosenDuplicateId = $state<number | null>(null);

	errors = $state.raw<IntakeError[]>([]);
	submitting = $state(false);
	filed = $state.raw<FiledJob | null>(null);
	merging = $state(false);
	mergeError = $state<string | null>(null);

	#lookup: AbortController | undefined;
	#duplicates: AbortController | undefined;
	#geocode: AbortController | undefined;
	#geocodeTimer: ReturnType<typeof setTimeout> | undefined;

	/** Where the job would be: the pin if there is one, else the typed address as placed. */
	get location(): Point | null {
		return this.point ?? this.addressPreview?.location ?? null;
	}

	/**
	 * The address text changed: places it after a pause in typing (`GET /api/geocode`), so the
	 * call taker sees district, village, queue and how sure the placing is before filing.
	 */
	addressChanged(pauseMs = 350): void {
		clearTimeout(this.#geocodeTimer);
		this.#geocode?.abort();
		const hadPreview = this.addressPreview !== null;
		this.addressPreview = null;
		if (!this.address.trim()) {
			this.addressStatus = 'idle';
			if (hadPreview && !this.point) void this.refreshDuplicates();
			return;
		}
		this.addressStatus = 'loading';
		this.#geocodeTimer = setTimeout(() => void this.previewAddress(), pauseMs);
	}

	/** Places the typed address now (the preview only). */
	async previewAddress(): Promise<void> {
		clearTimeout(this.#geocodeTimer);
		this.#geocode?.abort();
		const text = this.address.trim();
		if (!text) return;
		const controller = (this.#geocode = new AbortController());
		this.addressStatus = 'loading';
		try {
			this.addressPreview = await api<GeocodePreview>(
				`/api/geocode?address=${encodeURIComponent(text)}`,
				{ signal: controller.signal }
			);
			this.addressStatus = 'found';
			if (!this.point) void this.refreshDuplicates();
		} catch (err) {
			if (isAbort(err)) return;
			this.addressPreview = null;
			this.addressStatus =
				err instanceof ApiFailure && err.status === 422
					? err.code === 'outside_service_area'
						? 'outside'
						: 'not_found'
					: 'failed';
		}
	}

	/** The first error of a field, if any. */
	errorOf(field: IntakeField): IntakeError | undefined {
		return this.errors.find((e) => e.field === field);
	}

	/** Picks the category: its default priority (urgent for emergencies) and new suggestions. */
	setCategory(category: Category | null): void {
		this.category = category;
		if (category) this.priority = category.emergency ? 4 : category.defaultPriority;
		this.#clearError('category');
		void this.refreshDuplicates();
	}

	/** Sets the candidate location (map click, dragged pin or typed coordinates). */
	setPoint(point: Point | null): void {
		this.point = point;
		this.lonText = point ? formatCoordinate(point.lon) : '';
		this.latText = point ? formatCoordinate(point.lat) : '';
		this.errors = this.errors.filter((e) => e.field !== 'lon' && e.field !== 'lat');
		this.#clearError('address');
		void this.lookup();
		void this.refreshDuplicates();
	}

	/**
	 * Applies the typed coordinates. A "lon, lat" pair pasted into either field is split.
	 * Returns false and sets the field's error when they cannot be read; not `strict` (leaving a
	 * field), one empty field is not yet an error.
	 */
	applyTypedCoordinates(strict = true): boolean {
		const pair = parsePair(this.lonText) ?? parsePair(this.latText);
		if (pair) {
			this.setPoint(pair);
			return true;
		}
		if (!this.lonText.trim() && !this.latText.trim()) {
			if (this.point) this.setPoint(null);
			return true;
		}
		// Leaving the first of the two fields: wait for the other before judging.
		if (!strict && (!this.lonText.trim() || !this.latText.trim())) return true;
		const lon = parseCoordinate(this.lonText, 180);
		const lat = parseCoordinate(this.latText, 90);
		if (lon === null || lat === null) {
			const field = lon === null ? 'lon' : 'lat';
			this.errors = [
				...this.errors.filter((e) => e.field !== 'lon' && e.field !== 'lat'),
				{ field, code: field === 'lon' ? 'lon_invalid' : 'lat_invalid' }
			];
			return false;
		}
		if (this.point?.lon !== lon || this.point?.lat !== lat) this.setPoint({ lon, lat });
		return true;
	}

	/** District, village and former area of the point. */
	async lookup(): Promise<void> {
		this.#lookup?.abort();
		const point = this.point;
		this.place = null;
		if (!point) {
			this.placeStatus = 'idle';
			return;
		}
		const controller = (this.#lookup = new AbortController());
		this.placeStatus = 'loading';
		try {
			// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a one-off query string
			const query = new URLSearchParams({ lon: String(point.lon), lat: String(point.lat) });
			this.place = await api<PointLookup>(`/api/districts/lookup?${query}`, {
				signal: controller.signal
			});
			this.placeStatus = 'found';
		} catch (err) {
			if (isAbort(err)) return;
			this.placeStatus = err instanceof ApiFailure && err.status === 404 ? 'outside' : 'failed';
		}
	}

	/** Open jobs of the category near the point, nearest first, while the call is live. */
	async refreshDuplicates(): Promise<void> {
		this.#duplicates?.abort();
		const { category, location: point } = this;
		if (!category || !point) {
			this.duplicates = [];
			this.duplicatesStatus = 'idle';
			this.chosenDuplicateId = null;
			return;
		}
		const controller = (this.#duplicates = new AbortController());
		this.duplicatesStatus = 'loading';
		try {
			// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a one-off query string
			const query = new URLSearchParams({
				categoryCode: category.code,
				lon: String(point.lon),
				lat: String(point.lat)
			});
			const { duplicates } = await api<{ duplicates: DuplicateSuggestion[] }>(
				`/api/duplicates?${query}`,
				{ signal: controller.signal }
			);
			this.duplicates = duplicates;
			if (!duplicates.some((d) => d.id === this.chosenDuplicateId)) this.chosenDuplicateId = null;
			this.duplicatesStatus = 'done';
		} catch (err) {
			if (isAbort(err)) return;
			this.duplicatesStatus = 'failed';
		}
	}

	/** Checks the draft before sending; returns the errors (empty when it may be filed). */
	validate(): IntakeError[] {
		const errors: IntakeError[] = [];
		if (!this.category) errors.push({ field: 'category', code: 'category_required' });
		if (!this.description.trim())
			errors.push({ field: 'description', code: 'description_required' });
		const typed = this.lonText.trim() || this.latText.trim();
		if (typed && !this.applyTypedCoordinates()) {
			errors.push(...this.errors.filter((e) => e.field === 'lon' || e.field === 'lat'));
		} else if (!this.point && !this.address.trim()) {
			errors.push({ field: 'address', code: 'location_required' });
		}
		return errors;
	}

	/** The request body of `POST /api/jobs`. */
	body(): CreateJob {
		const category = this.category!;
		const address = this.address.trim();
		const name = this.reporterName.trim();
		const phone = this.reporterPhone.trim();
		return {
			categoryCode: category.code,
			description: this.description.trim(),
			...(category.emergency ? {} : { priority: this.priority }),
			...(name || phone
				? { reporter: { ...(name ? { name } : {}), ...(phone ? { phone } : {}) } }
				: {}),
			...(address ? { address } : {}),
			...(this.point ? { location: this.point } : {}),
			...(this.point && address && this.confirmPin ? { confirmPin: true } : {})
		};
	}

	/**
	 * Files the job. On success the draft is cleared for the next call and `filed` holds the
	 * answer; on failure `errors` names the field at fault. Returns the job, or null.
	 */
	async submit(): Promise<JobDto | null> {
		if (this.submitting) return null;
		const errors = this.validate();
		this.errors = errors;
		if (errors.length) return null;
		this.submitting = true;
		try {
			const job = await api<JobDto>('/api/jobs', { method: 'POST', body: this.body() });
			const duplicates = this.duplicates.filter((d) => d.id !== job.id);
			this.filed = {
				job,
				chosenDuplicateId: this.chosenDuplicateId,
				duplicates,
				mergedInto: null
			};
			this.mergeError = null;
			this.reset();
			void this.#duplicatesOfFiled(job.id);
			return job;
		} catch (err) {
			this.errors = [toIntakeError(err)];
			return null;
		} finally {
			this.submitting = false;
		}
	}

	/** Folds the job just filed into an open one as a duplicate report. */
	async mergeFiled(intoJobId: number): Promise<{ job: JobDto; parent: JobDto } | null> {
		const filed = this.filed;
		if (!filed || this.merging) return null;
		this.merging = true;
		this.mergeError = null;
		try {
			const result = await api<{ job: JobDto; parent: JobDto }>(`/api/jobs/${filed.job.id}/merge`, {
				method: 'POST',
				body: { intoJobId }
			});
			this.filed = { ...filed, job: result.job, mergedInto: intoJobId };
			return result;
		} catch (err) {
			this.mergeError = err instanceof Error ? err.message : String(err);
			return null;
		} finally {
			this.merging = false;
		}
	}

	/** Clears the draft for the next call (the last answer stays). */
	reset(): void {
		this.#lookup?.abort();
		this.#duplicates?.abort();
		this.#geocode?.abort();
		clearTimeout(this.#geocodeTimer);
		this.addressPreview = null;
		this.addressStatus = 'idle';
		this.category = null;
		this.description = '';
		this.reporterName = '';
		this.reporterPhone = '';
		this.priority = 2;
		this.address = '';
		this.lonText = '';
		this.latText = '';
		this.point = null;
		this.confirmPin = false;
		this.place = null;
		this.placeStatus = 'idle';
		this.duplicates = [];
		this.duplicatesStatus = 'idle';
		this.chosenDuplicateId = null;
		this.errors = [];
	}

	/** A job filed by address alone had no point for suggestions before: look now. */
	async #duplicatesOfFiled(id: number): Promise<void> {
		try {
			const { duplicates } = await api<{ duplicates: DuplicateSuggestion[] }>(
				`/api/jobs/${id}/duplicates`
			);
			const filed = this.filed;
			if (filed?.job.id !== id || duplicates.length === 0) return;
			// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
			const known = new Set(filed.duplicates.map((d) => d.id));
			this.filed = {
				...filed,
				duplicates: [...filed.duplicates, ...duplicates.filter((d) => !known.has(d.id))]
			};
		} catch {
			// Suggestions are a help, not a step: the job is filed either way.
		}
	}

	#clearError(field: IntakeField): void {
		if (this.errors.some((e) => e.field === field)) {
			this.errors = this.errors.filter((e) => e.field !== field);
		}
	}
}

/** An API failure of `POST /api/jobs` as an error on the field the server named. */
export function toIntakeError(err: unknown): IntakeError {
	if (!(err instanceof ApiFailure)) {
		return { field: 'form', code: 'server', message: err instanceof Error ? err.message : '' };
	}
	const field = (err.field && apiFields[err.field]) || 'form';
	if (err.code === 'outside_service_area') return { field, code: 'outside_service_area' };
	if (err.code === 'not_geocoded') return { field: 'address', code: 'not_geocoded' };
	// The server's message starts with the field's name ("address: …"): the form shows the field.
	const prefix = `${err.field}: `;
	const message =
		err.field && err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
	return { field, code: 'server', message };
}
