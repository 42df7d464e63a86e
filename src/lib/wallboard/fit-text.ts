import type { Action } from 'svelte/action';
import { truncateToWidth } from './format.ts';

let context: CanvasRenderingContext2D | null | undefined;

/** Width of `text` in the element's font, measured on one shared offscreen canvas. */
function measurer(node: HTMLElement): ((text: string) => number) | null {
	context ??= document.createElement('canvas').getContext('2d');
	if (!context) return null;
	const s = getComputedStyle(node);
	context.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
	const ctx = context;
	return (text) => ctx.measureText(text).width;
}

/**
 * Writes `text` into a block element, shortened with an ellipsis where it would not fit its
 * width: names on the wallboard are shortened on purpose, never clipped by overflow. Re-fits
 * when the element is resized (another screen size) and when web fonts finish loading. Put the
 * full text beside it for screen readers; this element should be `aria-hidden`.
 */
export const fitText: Action<HTMLElement, string> = (node, text) => {
	let current = text;
	const apply = () => {
		const width = node.clientWidth;
		const measure = width > 0 ? measurer(node) : null;
		// One pixel of slack for rounding between canvas and layout.
		node.textContent = measure ? truncateToWidth(current, width - 1, measure) : current;
	};
	const observer = new ResizeObserver(apply);
	observer.observe(node);
	apply();
	void document.fonts?.ready.then(apply);
	return {
		update(next: string) {
			current = next;
			apply();
		},
		destroy() {
			observer.disconnect();
		}
	};
};

/**
 * Line height of a fitted figure, set with it: the box is one line of this height. Figures use
 * an Arial-metric face first, whose glyph box (ascent + descent ≈ 1.15 em) fits this line; the
 * CJK face's taller box (1.45 em) would stick out of the tile.
 */
const FIGURE_LINE = 1.15;
/** A figure's mark (✓, ▼) is drawn at this fraction of the figure's size. */
export const MARK_SCALE = 0.4;

/**
 * The font size (px) at which a figure fills a box: as tall as one line allows, and never wider
 * than the box (`widthPerPx` is the text's width at 1 px; 3 % slack for rounding and digits).
 */
export function figureSize(boxWidth: number, boxHeight: number, widthPerPx: number): number {
	const byHeight = boxHeight / FIGURE_LINE;
	const byWidth = widthPerPx > 0 ? (boxWidth * 0.97) / widthPerPx : byHeight;
	return Math.max(1, Math.floor(Math.min(byHeight, byWidth) + 1e-9));
}

/**
 * Sizes a figure (a count, a percentage, a duration) to fill its own box, whose size the layout
 * fixes: big on the wallboard, and never wider than its tile whatever the number or the screen.
 * `mark` is a leading symbol drawn at MARK_SCALE of the size.
 */
export const fitFigure: Action<HTMLElement, { text: string; mark?: string }> = (node, param) => {
	let current = param;
	const apply = () => {
		const width = node.clientWidth;
		const height = node.clientHeight;
		const measure = width > 0 && height > 0 ? measurer(node) : null;
		if (!measure) return;
		// Measured at the current size, scaled to 1 px: the ratio does not depend on the size.
		const size = parseFloat(getComputedStyle(node).fontSize) || 16;
		const text = measure(current.text) + (current.mark ? measure(current.mark) * MARK_SCALE : 0);
		node.style.lineHeight = String(FIGURE_LINE);
		let fitted = figureSize(width, height, text / size);
		node.style.fontSize = `${fitted}px`;
		// The canvas and the page may pick different fallback faces for a mark (▼): if the laid
		// out figure is still wider than its box, shrink it by what is left over, once.
		if (node.scrollWidth > width) {
			fitted = Math.max(1, Math.floor((fitted * width) / node.scrollWidth) - 1);
			node.style.fontSize = `${fitted}px`;
		}
	};
	const observer = new ResizeObserver(apply);
	observer.observe(node);
	apply();
	void document.fonts?.ready.then(apply);
	return {
		update(next) {
			if (next.text === current.text && next.mark === current.mark) return;
			current = next;
			apply();
		},
		destroy() {
			observer.disconnect();
		}
	};
};
