/**
 * Yields indices 0..count-1 best first without sorting them all. Better means a higher key;
 * `tieBetter` settles equal keys, so the order is total and pages never overlap.
 *
 * Most searches take one page, so the first `expected` are picked in one pass with a small
 * heap (one comparison for most items: ranking all 61,000 papers that say "model" costs
 * about a millisecond). Callers that need more (phrase checks, hidden papers) get the rest
 * from a heap built over what is left.
 */
/** An order over items 0..n-1: by key, higher first, then by the tie-breaker. */
export interface Ranking {
  keys: Float64Array;
  tieBetter: (a: number, b: number) => boolean;
}

export function* bestFirst(count: number, ranking: Ranking, expected: number): Generator<number> {
  const { keys, tieBetter } = ranking;
  const better = (a: number, b: number) => keys[a]! > keys[b]! || (keys[a] === keys[b] && tieBetter(a, b));
  const k = Math.min(count, Math.max(1, expected));

  // Phase 1: the best k, kept in a heap whose root is the worst of them.
  const top = new Int32Array(k);
  let size = 0;
  const worseFirst = (a: number, b: number) => better(b, a);
  for (let i = 0; i < count; i++) {
    if (size < k) {
      top[size++] = i;
      siftUp(top, size - 1, worseFirst);
    } else if (better(i, top[0]!)) {
      top[0] = i;
      siftDown(top, size, 0, worseFirst);
    }
  }
  const first = Array.from(top.subarray(0, size)).sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  yield* first;
  if (size === count) return;

  // Phase 2: everything else, from a heap of the remainder.
  const taken = new Uint8Array(count);
  for (const i of first) taken[i] = 1;
  const rest = new Int32Array(count - size);
  let n = 0;
  for (let i = 0; i < count; i++) if (!taken[i]) rest[n++] = i;
  for (let i = (n >> 1) - 1; i >= 0; i--) siftDown(rest, n, i, better);
  while (n > 0) {
    const best = rest[0]!;
    rest[0] = rest[--n]!;
    siftDown(rest, n, 0, better);
    yield best;
  }
}

/** Restores the heap (root = first by `before`) after the item at `from` moved down in rank. */
function siftDown(heap: Int32Array, size: number, from: number, before: (a: number, b: number) => boolean): void {
  let i = from;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= size) return;
    const right = left + 1;
    const child = right < size && before(heap[right]!, heap[left]!) ? right : left;
    if (!before(heap[child]!, heap[i]!)) return;
    const swap = heap[i]!;
    heap[i] = heap[child]!;
    heap[child] = swap;
    i = child;
  }
}

function siftUp(heap: Int32Array, from: number, before: (a: number, b: number) => boolean): void {
  let i = from;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i]!, heap[parent]!)) return;
    const swap = heap[i]!;
    heap[i] = heap[parent]!;
    heap[parent] = swap;
    i = parent;
  }
}
