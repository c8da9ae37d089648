/*
 * A growable typed array: one number per paper slot, kept in a single buffer (4 or 8 bytes
 * a value, no boxing), which a snapshot writes out and reads back as it is.
 */

type Typed = Int32Array | Uint32Array | Float64Array | Uint8Array;

export class Column<T extends Typed> {
  private constructor(
    private data: T,
    private used: number,
    private readonly make: (size: number) => T,
  ) {}

  static of<T extends Typed>(make: (size: number) => T, values?: T): Column<T> {
    return new Column(values ?? make(1024), values?.length ?? 0, make);
  }

  get length(): number {
    return this.used;
  }

  /** The values, read-only by convention: a view that stays valid until the next push. */
  get values(): T {
    return this.data.subarray(0, this.used) as T;
  }

  /** The whole backing array, for hot loops that index it directly (slots below `length`). */
  get raw(): T {
    return this.data;
  }

  push(value: number): void {
    if (this.used === this.data.length) {
      const bigger = this.make(Math.max(1024, this.data.length * 2));
      bigger.set(this.data as never);
      this.data = bigger;
    }
    this.data[this.used++] = value;
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }
}
