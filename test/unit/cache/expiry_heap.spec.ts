// ExpiryHeap against a brute-force minimum over random inserts, updates and removals.
import { ExpiryHeap } from "../../../assembly/cache/expiry_heap";

const SLOTS = 64;
let seed: u32 = 0x2545f491;
function rand(n: i32): i32 {
  seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5;
  return <i32>(seed % <u32>n);
}

describe("ExpiryHeap", () => {
  it("is empty at first: top is -1", () => {
    const h = new ExpiryHeap();
    expect(h.top()).toBe(-1);
    expect(h.size).toBe(0);
  });
  it("always tops a slot with the earliest expiry over 20k random operations", () => {
    const h = new ExpiryHeap();
    h.grow(SLOTS);
    const inHeap = new Array<bool>(SLOTS);
    const at = new Array<i64>(SLOTS);
    let n = 0, wrong = 0;
    for (let i = 0; i < 20_000; i++) {
      const s = rand(SLOTS);
      const t: i64 = rand(1000);
      if (!inHeap[s]) { h.insert(s, t); inHeap[s] = true; at[s] = t; n++; }
      else if (rand(2) == 0) { h.update(s, t); at[s] = t; }
      else { h.remove(s); inHeap[s] = false; n--; }
      let min: i64 = i64.MAX_VALUE;
      for (let k = 0; k < SLOTS; k++) if (inHeap[k] && at[k] < min) min = at[k];
      // One expect per step would dominate the run time; count the steps that go wrong instead.
      const ok = h.size == n && (n == 0 ? h.top() == -1 : h.expiresAt(h.top()) == min);
      if (!ok) wrong++;
    }
    expect(wrong).toBe(0);
  });
  it("ignores the removal of a slot that is not in the heap", () => {
    const h = new ExpiryHeap();
    h.grow(4);
    h.insert(1, 10);
    h.remove(2);
    h.remove(1);
    h.remove(1);
    expect(h.size).toBe(0);
  });
});
