import { describe, expect, it } from 'vitest';
import { SortedIndex } from './sorted-index.ts';
import { MinHeap } from './min-heap.ts';
import { seededRandom as random } from '../domain/random.ts';

interface Item {
	key: number;
	id: number;
}
const byKey = (a: Item, b: Item) => a.key - b.key || a.id - b.id;

describe('SortedIndex', () => {
	it('stays equal to a sorted array through thousands of random inserts and deletes', () => {
		const next = random(7);
		// A small chunk size forces many splits and emptied chunks.
		const index = new SortedIndex<Item>(byKey, 8);
		const model = new Map<number, Item>();
		for (let step = 0; step < 5000; step++) {
			const id = Math.floor(next() * 300);
			const held = model.get(id);
			if (held && next() < 0.5) {
				expect(index.delete(held)).toBe(true);
				model.delete(id);
			} else {
				if (held) index.delete(held);
				const item = { key: Math.floor(next() * 50), id };
				index.insert(item);
				model.set(id, item);
			}
			if (step % 250 === 0) {
				expect([...index]).toEqual([...model.values()].sort(byKey));
			}
		}
		expect([...index]).toEqual([...model.values()].sort(byKey));
		expect(index.size).toBe(model.size);
	});

	it('loads in bulk, then keeps order as items move', () => {
		const items = Array.from({ length: 1000 }, (_, i) => ({ key: (i * 7919) % 1000, id: i }));
		const index = new SortedIndex<Item>(byKey, 16);
		index.load(items);
		expect(index.take(3).map((x) => x.key)).toEqual([0, 1, 2]);
		// Move the first item to the end: delete the old key, insert the new one.
		const first = index.take(1)[0]!;
		index.delete(first);
		index.insert({ ...first, key: 5000 });
		expect(index.take(1)[0]!.key).toBe(1);
		expect([...index].at(-1)).toEqual({ ...first, key: 5000 });
		expect(index.size).toBe(1000);
	});

	it('reads the first matches in order and stops early', () => {
		const index = new SortedIndex<Item>(byKey, 4);
		for (let i = 0; i < 100; i++) index.insert({ key: 100 - i, id: i });
		let looked = 0;
		const odd = index.take(3, (x) => {
			looked++;
			return x.key % 2 === 1;
		});
		expect(odd.map((x) => x.key)).toEqual([1, 3, 5]);
		expect(looked).toBe(5);
	});

	it('refuses to delete what it does not hold, and treats an equal item as the same one', () => {
		const index = new SortedIndex<Item>(byKey);
		index.insert({ key: 1, id: 1 });
		expect(index.delete({ key: 2, id: 1 })).toBe(false);
		index.insert({ key: 1, id: 1 });
		expect(index.size).toBe(1);
		expect(index.has({ key: 1, id: 1 })).toBe(true);
		expect(index.delete({ key: 1, id: 1 })).toBe(true);
		expect(index.size).toBe(0);
		expect([...index]).toEqual([]);
	});
});

describe('MinHeap', () => {
	it('pops in key order whatever the push order', () => {
		const next = random(3);
		const heap = new MinHeap<number>();
		const keys = Array.from({ length: 500 }, () => Math.floor(next() * 100));
		keys.forEach((k, i) => heap.push(k, i));
		const popped: number[] = [];
		while (heap.size) {
			const key = heap.peekKey();
			const i = heap.pop()!;
			expect(keys[i]).toBe(key);
			popped.push(key);
		}
		expect(popped).toEqual([...keys].sort((a, b) => a - b));
		expect(heap.peekKey()).toBe(Infinity);
		expect(heap.pop()).toBeUndefined();
	});
});
