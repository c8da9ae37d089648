/**
 * Yields items best-first without sorting them all: a binary heap built in linear time,
 * then one pop per item taken. A page of 20 out of 60,000 matches costs the heap build and
 * twenty pops; a query that must check candidates one by one (phrases) takes more as it goes.
 */
export function* bestFirst(count: number, better: (a: number, b: number) => boolean): Generator<number> {
  const heap = new Int32Array(count);
  for (let i = 0; i < count; i++) heap[i] = i;
  let size = count;
  const siftDown = (from: number) => {
    let i = from;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) return;
      const right = left + 1;
      const best = right < size && better(heap[right]!, heap[left]!) ? right : left;
      if (!better(heap[best]!, heap[i]!)) return;
      [heap[i], heap[best]] = [heap[best]!, heap[i]!];
      i = best;
    }
  };
  for (let i = (size >> 1) - 1; i >= 0; i--) siftDown(i);
  while (size > 0) {
    const top = heap[0]!;
    heap[0] = heap[--size]!;
    siftDown(0);
    yield top;
  }
}
