/** An order over items 0..n-1: by key, higher first, then by the tie-breaker. */
export interface Ranking {
  keys: Float64Array;
  tieBetter: (a: number, b: number) => boolean;
}

/**
 * Yields indices 0..count-1 best first without sorting them all. Better means a higher key;
 * `tieBetter` settles equal keys, so the order is total and pages never overlap.
 *
 * Most searches take one page, so the first `expected` are picked in one pass with a small
 * heap (one comparison for most items: ranking all 61,000 papers that say "model" costs
 * about a millisecond). Callers that need more (phrase checks, hidden papers) get the rest
 * from a heap built over what is left.
 */
export function* bestFirst(count: number, ranking: Ranking, expected: number): Generator<number> {
  const { keys, tieBetter } = ranking;
  const better = (a: number, b: number) => keys[a]! > keys[b]! || (keys[a] === keys[b] && tieBetter(a, b));

  // Phase 1: the best `expected`, in one pass.
  const best = new BestKept(Math.min(count, Math.max(1, expected)), tieBetter);
  for (let i = 0; i < count; i++) best.offer(i, keys[i]!);
  const first = best.inOrder();
  yield* first;
  if (first.length === count) return;

  // Phase 2: everything else, from a heap of the remainder.
  const taken = new Uint8Array(count);
  for (const i of first) taken[i] = 1;
  const rest = new Int32Array(count - first.length);
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

/**
 * The best `size` of items offered one at a time, by score and then `tieBetter` (of two ids),
 * in a heap whose root is the worst kept: an item that cannot beat it costs one comparison.
 */
export class BestKept {
  /** What was kept, in no order: ids[0, count) with their scores. */
  readonly ids: Int32Array;
  readonly scores: Float64Array;
  count = 0;
  /** Places in ids/scores, the worst kept first. */
  private readonly heap: Int32Array;
  private readonly worseFirst: (a: number, b: number) => boolean;

  constructor(
    readonly size: number,
    private readonly tieBetter: (a: number, b: number) => boolean,
  ) {
    this.ids = new Int32Array(size);
    this.scores = new Float64Array(size);
    this.heap = new Int32Array(size);
    this.worseFirst = (a, b) => this.better(b, a);
  }

  get full(): boolean {
    return this.count === this.size;
  }

  /** The score an item must reach to be kept once the heap is full. */
  get worstScore(): number {
    return this.scores[this.heap[0]!]!;
  }

  offer(id: number, score: number): void {
    const { ids, scores, heap } = this;
    if (this.count < this.size) {
      ids[this.count] = id;
      scores[this.count] = score;
      heap[this.count] = this.count;
      siftUp(heap, this.count++, this.worseFirst);
      return;
    }
    if (this.size === 0) return;
    const worst = heap[0]!;
    if (score < scores[worst]! || (score === scores[worst] && !this.tieBetter(id, ids[worst]!))) return;
    ids[worst] = id;
    scores[worst] = score;
    siftDown(heap, this.count, 0, this.worseFirst);
  }

  /** The kept ids, best first. */
  inOrder(): number[] {
    const places = Array.from(this.heap.subarray(0, this.count)).sort((a, b) =>
      this.better(a, b) ? -1 : this.better(b, a) ? 1 : 0,
    );
    return places.map((place) => this.ids[place]!);
  }

  private better(a: number, b: number): boolean {
    const { scores, ids } = this;
    return scores[a]! > scores[b]! || (scores[a] === scores[b] && this.tieBetter(ids[a]!, ids[b]!));
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
