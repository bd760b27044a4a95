/**
 * Recycles the large Float32Arrays of the native backend's kernel outputs.
 *
 * A fresh large typed array costs a page fault per 4 KiB the first time it is written (glibc serves
 * blocks over 32 MiB straight from mmap and unmaps them on free): for the Original model that is about
 * 40 ms per 64 MiB, more than the memory-bound kernel itself. Disposed outputs are kept here, up to a
 * byte budget, and handed to the next kernel that needs an output of the same length.
 *
 * Only arrays this pool handed out are ever recycled, and only while no one outside the backend can
 * hold them: an array read out through dataSync()/data() (the cpu backend returns its own array), or
 * viewed by another tensor (a zero-copy slice), has "escaped" and is left to the garbage collector.
 *
 * An array of ours that is not kept (the budget is full) is handed to `discard`, which gives its
 * pages back to the OS at once: the garbage collector frees dead typed arrays late, and in a training
 * step the dead ones add up to hundreds of MB of resident memory on top of the live tensors.
 *
 * With size classes on (inference, see setSizeClasses), a length is rounded up to the next of four
 * classes per octave and the caller gets a view of that length over the class's array: networks run
 * on batches of every size from 1 to 16 then share arrays instead of each batch size keeping its own.
 */
export class BufferPool {
  /** Arrays handed out by take() that have not escaped. */
  private readonly owned = new WeakSet<Float32Array>();
  /** Extra tensors referencing an array after an in-place update (see shareInPlace). */
  private readonly extraRefs = new Map<Float32Array, number>();
  /** Arrays kept for reuse (whole: never a view), in the order they came back (the oldest is evicted first when the budget is reached). */
  private readonly free = new Set<Float32Array>();
  /** The same arrays by length, the newest last: take() finds one without a search (inference keeps thousands of small ones). */
  private readonly freeByLength = new Map<number, Float32Array[]>();
  private freeBytes = 0;
  /** Whether take() rounds lengths up to size classes (setSizeClasses). */
  private sizeClasses = false;

  constructor(
    /** Most bytes kept for reuse (setCapacity changes it). */
    private capacity: number,
    /** Shorter arrays are cheap to allocate (glibc reuses its heap for them): not pooled. */
    readonly minLength = 1 << 16,
    /** Releases the memory of an array of ours that nothing will read again (the addon's discard). */
    private readonly discard: (values: Float32Array) => void = () => undefined,
  ) {}

  /** An array of `length` floats with arbitrary contents: the caller overwrites every element. */
  take(length: number): Float32Array {
    let values: Float32Array | undefined;
    if (length >= this.minLength) {
      const whole = this.sizeClasses ? this.takeClass(length) : (this.freeByLength.get(length)?.pop() ?? new Float32Array(length));
      if (this.free.delete(whole)) this.freeBytes -= whole.byteLength;
      values = whole.length === length ? whole : whole.subarray(0, length);
    }
    values ??= new Float32Array(length);
    this.owned.add(values);
    return values;
  }

  /**
   * A kept array of `length`'s size class, else of one of the next classes up to twice the size
   * (an array that served a batch of 8 serves one of 6), else a new one of the class. Without
   * borrowing upwards every class keeps as many arrays as were ever live in it at once, though
   * never at the same moment as the other classes' (a 49 MiB peak kept 374 MiB).
   */
  private takeClass(length: number): Float32Array {
    const own = sizeClass(length);
    for (let size = own; size <= 2 * own; size = sizeClass(size + 1)) {
      const kept = this.freeByLength.get(size)?.pop();
      if (kept) return kept;
    }
    return new Float32Array(own);
  }

  /** An array of `length` zeros. */
  takeZeroed(length: number): Float32Array {
    const before = this.freeBytes;
    const values = this.take(length);
    if (this.freeBytes !== before) values.fill(0); // recycled, not fresh
    return values;
  }

  /** The array may now be seen outside the backend: never recycle or overwrite it. */
  escape(values: unknown): void {
    if (values instanceof Float32Array) this.owned.delete(values);
  }

  /** Whether a kernel may overwrite this input (it must also be the only tensor on its data). */
  isPrivate(values: Float32Array): boolean {
    return this.owned.has(values);
  }

  /** An in-place kernel returned `values` as a new tensor: the input's tensor still references it too. */
  shareInPlace(values: Float32Array): void {
    this.extraRefs.set(values, (this.extraRefs.get(values) ?? 0) + 1);
  }

  /** A tensor's data was disposed: keep its array for reuse when it is ours and no tensor references it. */
  release(values: unknown): void {
    if (!(values instanceof Float32Array)) return;
    const refs = this.extraRefs.get(values);
    if (refs !== undefined) {
      if (refs > 1) this.extraRefs.set(values, refs - 1);
      else this.extraRefs.delete(values);
      return;
    }
    if (!this.owned.has(values)) return;
    this.owned.delete(values);
    if (values.length < this.minLength) return;
    // A view handed out by a size class: keep its whole array (ours always start at offset 0).
    const whole = values.byteLength === values.buffer.byteLength ? values : new Float32Array(values.buffer as ArrayBuffer);
    if (whole.byteLength > this.capacity) {
      this.discard(whole);
      return;
    }
    while (this.freeBytes + whole.byteLength > this.capacity) this.evictOldest();
    this.free.add(whole);
    const sameLength = this.freeByLength.get(whole.length);
    if (sameLength) sameLength.push(whole);
    else this.freeByLength.set(whole.length, [whole]);
    this.freeBytes += whole.byteLength;
  }

  /**
   * Rounds lengths up to size classes (on) or keeps them exact (off, the default: training's shapes
   * repeat every step, and rounding would only add memory). Arrays kept under the other setting are
   * dropped, as no length would find them.
   */
  setSizeClasses(on: boolean): void {
    if (on === this.sizeClasses) return;
    this.sizeClasses = on;
    this.clear();
  }

  /** Most bytes kept for reuse. */
  get capacityBytes(): number {
    return this.capacity;
  }

  /** A new budget; the oldest kept arrays are released until the pool fits it. */
  setCapacity(bytes: number): void {
    this.capacity = Math.max(0, bytes);
    while (this.freeBytes > this.capacity) this.evictOldest();
  }

  private evictOldest(): void {
    const oldest = this.free.values().next().value as Float32Array;
    this.free.delete(oldest);
    // the oldest of its length is first in its list
    const sameLength = this.freeByLength.get(oldest.length)!;
    sameLength.splice(sameLength.indexOf(oldest), 1);
    if (sameLength.length === 0) this.freeByLength.delete(oldest.length);
    this.freeBytes -= oldest.byteLength;
    this.discard(oldest);
  }

  /** Bytes held for reuse. */
  get pooledBytes(): number {
    return this.freeBytes;
  }

  /** Drop every kept array. */
  clear(): void {
    for (const values of this.free) this.discard(values);
    this.free.clear();
    this.freeByLength.clear();
    this.freeBytes = 0;
  }
}

/** The smallest of 2^e, 1.25·2^e, 1.5·2^e, 1.75·2^e (and 2^(e+1)) that holds `length`: at most 25% more than asked. */
export function sizeClass(length: number): number {
  const octave = 2 ** Math.floor(Math.log2(length));
  if (octave < 4) return length;
  const quarter = octave / 4;
  return Math.ceil(length / quarter) * quarter;
}
