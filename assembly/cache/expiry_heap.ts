// A binary min-heap of cache slots ordered by expiry time, so MemoryCache can find the entry that expires first in
// O(1) and drop expired entries before evicting live ones. Slots are small integers owned by the cache.

/**
 * ExpiryHeap holds each slot at most once with its absolute expiry time. insert, update and remove are O(log n);
 * top and expiresAt are O(1). Slot numbers must be in [0, slots) after grow(slots); the cache guarantees this.
 */
export class ExpiryHeap {
  // heap[k] is a slot; pos[slot] is its index in heap, or -1; exp[slot] is its expiry time.
  private heap: Array<i32> = new Array<i32>();
  private pos: Array<i32> = new Array<i32>();
  private exp: Array<i64> = new Array<i64>();

  /** size is the number of slots in the heap. */
  get size(): i32 {
    return this.heap.length;
  }

  /** grow makes room for slot numbers below slots. */
  grow(slots: i32): void {
    while (this.pos.length < slots) {
      this.pos.push(-1);
      this.exp.push(0);
    }
  }

  /** top returns the slot that expires first, or -1 when empty. */
  top(): i32 {
    return this.heap.length > 0 ? this.heap[0] : -1;
  }

  /** expiresAt returns the expiry time recorded for slot. */
  expiresAt(slot: i32): i64 {
    return this.exp[slot];
  }

  /** insert adds slot, which must not be in the heap, with expiry time at. */
  insert(slot: i32, at: i64): void {
    this.exp[slot] = at;
    const k = this.heap.length;
    this.heap.push(slot);
    this.pos[slot] = k;
    this.siftUp(k);
  }

  /** update changes the expiry time of slot, which must be in the heap. */
  update(slot: i32, at: i64): void {
    const old = this.exp[slot];
    this.exp[slot] = at;
    const k = this.pos[slot];
    if (at < old) this.siftUp(k);
    else if (at > old) this.siftDown(k);
  }

  /** remove takes slot out of the heap; a slot that is not in it is left alone. */
  remove(slot: i32): void {
    const k = this.pos[slot];
    if (k < 0) return;
    this.pos[slot] = -1;
    const last = this.heap.pop();
    if (k == this.heap.length) return; // slot was the last element
    this.heap[k] = last;
    this.pos[last] = k;
    // The moved element may belong above or below k; at most one of these moves it.
    this.siftUp(k);
    this.siftDown(this.pos[last]);
  }

  /** clear empties the heap, keeping its capacity. */
  clear(): void {
    for (let k = 0; k < this.heap.length; k++) this.pos[this.heap[k]] = -1;
    this.heap.length = 0;
  }

  private siftUp(k: i32): void {
    const slot = this.heap[k];
    const at = this.exp[slot];
    while (k > 0) {
      const parent = (k - 1) >> 1;
      const p = this.heap[parent];
      if (this.exp[p] <= at) break;
      this.heap[k] = p;
      this.pos[p] = k;
      k = parent;
    }
    this.heap[k] = slot;
    this.pos[slot] = k;
  }

  private siftDown(k: i32): void {
    const n = this.heap.length;
    const slot = this.heap[k];
    const at = this.exp[slot];
    while (true) {
      let child = 2 * k + 1;
      if (child >= n) break;
      if (child + 1 < n && this.exp[this.heap[child + 1]] < this.exp[this.heap[child]]) child++;
      const c = this.heap[child];
      if (this.exp[c] >= at) break;
      this.heap[k] = c;
      this.pos[c] = k;
      k = child;
    }
    this.heap[k] = slot;
    this.pos[slot] = k;
  }
}
