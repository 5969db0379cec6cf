/** A fixed-length history of numbers, oldest first: one net-graph line. */
export class RollingSeries {
  private readonly values: number[] = [];

  constructor(readonly capacity: number) {}

  push(value: number): void {
    this.values.push(value);
    if (this.values.length > this.capacity) this.values.shift();
  }

  /** Every value kept, oldest first. */
  toArray(): readonly number[] {
    return this.values;
  }

  /** The newest value (0 when empty). */
  get latest(): number {
    return this.values.at(-1) ?? 0;
  }

  get max(): number {
    return this.values.length === 0 ? 0 : Math.max(...this.values);
  }

  get length(): number {
    return this.values.length;
  }
}
