import type { CrewStatus } from '$lib/contracts/crews';
import { crewColor } from '$lib/dispatch/map-points';

const SIZE = 48;
const order: CrewStatus[] = ['available', 'dispatched', 'busy', 'off_duty'];

/** Where each crew status's icon sits in the atlas (deck.gl IconLayer `iconMapping`). */
export type CrewIconMapping = Record<
	CrewStatus,
	{ x: number; y: number; width: number; height: number; mask: boolean }
>;

/**
 * Crew markers, drawn once on a canvas: a diamond (jobs are circles), coloured by status and
 * marked inside so that status does not rest on colour alone — available solid, dispatched
 * with a dot, busy with a bar, off duty hollow. Returned as a data URL: nothing is fetched.
 */
export function crewIconAtlas(): { url: string; mapping: CrewIconMapping } {
	const canvas = document.createElement('canvas');
	canvas.width = SIZE * order.length;
	canvas.height = SIZE;
	const ctx = canvas.getContext('2d');
	const mapping = {} as CrewIconMapping;
	order.forEach((status, i) => {
		mapping[status] = { x: i * SIZE, y: 0, width: SIZE, height: SIZE, mask: false };
		if (!ctx) return;
		const cx = i * SIZE + SIZE / 2;
		const cy = SIZE / 2;
		const r = SIZE / 2 - 4;
		const [red, green, blue] = crewColor[status];
		ctx.beginPath();
		ctx.moveTo(cx, cy - r);
		ctx.lineTo(cx + r, cy);
		ctx.lineTo(cx, cy + r);
		ctx.lineTo(cx - r, cy);
		ctx.closePath();
		ctx.fillStyle = status === 'off_duty' ? '#ffffff' : `rgb(${red} ${green} ${blue})`;
		ctx.fill();
		ctx.lineWidth = status === 'off_duty' ? 6 : 3;
		ctx.strokeStyle = status === 'off_duty' ? `rgb(${red} ${green} ${blue})` : '#10202b';
		ctx.stroke();
		ctx.fillStyle = '#ffffff';
		if (status === 'dispatched') {
			ctx.beginPath();
			ctx.arc(cx, cy, 6, 0, Math.PI * 2);
			ctx.fill();
		} else if (status === 'busy') {
			ctx.fillRect(cx - 9, cy - 3, 18, 6);
		}
	});
	return { url: canvas.toDataURL('image/png'), mapping };
}
