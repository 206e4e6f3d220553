// SecretStore over a MemoryCache: what reaches the cache names and holds no secret, values open only under the
// key they were sealed for and with the key that sealed them, and single-use reads and claims work once.
import { CacheErr, ManualClock } from "../../../assembly/cache/cache";
import { MemoryCache } from "../../../assembly/cache/memory";
import { SecretStore, StoreKeys } from "../../../assembly/store/secret_store";
import { bytes, text } from "../cache/contract";

const T0: i64 = 1_700_000_000_000;
const SECRET = "session-id-Zm9vYmFyYmF6cXV4";
let clock = new ManualClock(T0);
let memory = new MemoryCache(clock);

function key(fill: u8): Uint8Array {
  const k = new Uint8Array(32);
  k.fill(fill);
  return k;
}

function store(hashFill: u8 = 1, sealFill: u8 = 2): SecretStore {
  return new SecretStore(memory, key(hashFill), key(sealFill));
}

function fresh(): SecretStore {
  clock = new ManualClock(T0);
  memory = new MemoryCache(clock);
  return store();
}

// Flips the last byte (inside the tag) of the entry stored under name, and returns name.
function alterStored(name: string): string {
  const stored = memory.get(name)!;
  stored[stored.length - 1] ^= 1;
  memory.set(name, stored, 60_000);
  return name;
}

describe("SecretStore names", () => {
  it("a name is v1:<kind>: and a 43-character MAC, never the secret", () => {
    const s = fresh();
    const name = s.keyOf("session", SECRET);
    expect(name.startsWith("v1:session:")).toBe(true);
    expect(name.length).toBe(11 + 43);
    expect(name.includes(SECRET)).toBe(false);
  });

  it("the same secret under two kinds, or two hash keys, gives unrelated names", () => {
    const s = fresh();
    expect(s.keyOf("session", SECRET).substring(11)).not.toBe(s.keyOf("state", SECRET).substring(9));
    expect(s.keyOf("session", SECRET)).not.toBe(store(9).keyOf("session", SECRET));
    expect(s.keyOf("session", SECRET)).toBe(store().keyOf("session", SECRET));
  });
});

describe("SecretStore values", () => {
  it("put then get returns the value; the stored bytes are sealed, not the value", () => {
    const s = fresh();
    expect(s.put("session", SECRET, bytes("refresh-token-abc"), 60_000)).toBe(true);
    expect(text(s.get("session", SECRET))).toBe("refresh-token-abc");
    const stored = memory.get(s.keyOf("session", SECRET))!;
    expect(stored.length).toBe(1 + 12 + 17 + 16);
    expect(stored[0]).toBe(1);
    expect(text(stored).includes("refresh-token")).toBe(false);
  });

  it("two puts of one value store different bytes (a fresh nonce each time)", () => {
    const s = fresh();
    s.put("session", SECRET, bytes("v"), 60_000);
    const first = memory.get(s.keyOf("session", SECRET))!;
    s.put("session", SECRET, bytes("v"), 60_000);
    const second = memory.get(s.keyOf("session", SECRET))!;
    let same = true;
    for (let i = 0; i < first.length; i++) if (first[i] != second[i]) same = false;
    expect(same).toBe(false);
  });

  it("a miss is null with err Ok; the TTL is the cache's", () => {
    const s = fresh();
    expect(s.get("session", SECRET)).toBeNull();
    expect(s.err).toBe(CacheErr.Ok);
    s.put("session", SECRET, bytes("v"), 1000);
    clock.advance(1000);
    expect(s.get("session", SECRET)).toBeNull();
    expect(s.err).toBe(CacheErr.Ok);
  });

  it("an altered value reads as absent with err Protocol and a detail naming the key", () => {
    const s = fresh();
    s.put("session", SECRET, bytes("value"), 60_000);
    const name = alterStored(s.keyOf("session", SECRET));
    expect(s.get("session", SECRET)).toBeNull();
    expect(s.err).toBe(CacheErr.Protocol);
    expect(s.detail.includes(name)).toBe(true);
  });

  it("reading an unchanged entry again returns the very bytes opened before; a replaced or altered entry is opened anew", () => {
    const s = fresh();
    s.put("session", SECRET, bytes("first"), 60_000);
    const once = s.get("session", SECRET)!;
    expect(s.get("session", SECRET) === once).toBe(true);
    s.put("session", SECRET, bytes("second"), 60_000);
    expect(text(s.get("session", SECRET)!)).toBe("second");
    alterStored(s.keyOf("session", SECRET));
    expect(s.get("session", SECRET)).toBeNull();
    expect(s.err).toBe(CacheErr.Protocol);
  });

  it("a value copied under another secret's name does not open", () => {
    const s = fresh();
    s.put("session", "alice", bytes("alice's tokens"), 60_000);
    memory.set(s.keyOf("session", "mallory"), memory.get(s.keyOf("session", "alice"))!, 60_000);
    expect(s.get("session", "mallory")).toBeNull();
    expect(s.err).toBe(CacheErr.Protocol);
  });

  it("a value sealed with another sessionEncryptionKey does not open", () => {
    const s = fresh();
    s.put("session", SECRET, bytes("v"), 60_000);
    const other = store(1, 3);
    expect(other.get("session", SECRET)).toBeNull();
    expect(other.err).toBe(CacheErr.Protocol);
  });

  it("short, empty and unknown-format values read as absent without a trap", () => {
    const s = fresh();
    const name = s.keyOf("session", SECRET);
    const cases: Uint8Array[] = [new Uint8Array(0), bytes("\x01"), new Uint8Array(29), bytes("plain text value")];
    for (let i = 0; i < cases.length; i++) {
      memory.set(name, cases[i], 60_000);
      expect(s.get("session", SECRET)).toBeNull();
      expect(s.err).toBe(CacheErr.Protocol);
    }
  });

  it("take returns the value once; forget removes it", () => {
    const s = fresh();
    s.put("state", SECRET, bytes("verifier"), 60_000);
    expect(text(s.take("state", SECRET))).toBe("verifier");
    expect(s.take("state", SECRET)).toBeNull();
    s.put("state", SECRET, bytes("verifier"), 60_000);
    expect(s.forget("state", SECRET)).toBe(true);
    expect(s.forget("state", SECRET)).toBe(false);
    expect(s.get("state", SECRET)).toBeNull();
  });

  it("claim wins once per secret and TTL, and stores no secret", () => {
    const s = fresh();
    expect(s.claim("jti", SECRET, 60_000)).toBe(true);
    expect(s.claim("jti", SECRET, 60_000)).toBe(false);
    expect(s.err).toBe(CacheErr.Ok);
    expect(text(memory.get(s.keyOf("jti", SECRET)))).toBe("1");
    clock.advance(60_000);
    expect(s.claim("jti", SECRET, 60_000)).toBe(true);
  });

  it("count adds atomically and counter reads without changing; both are 0 before the first count", () => {
    const s = fresh();
    expect(s.counter("slots", SECRET)).toBe(0);
    expect(s.count("slots", SECRET, 60_000)).toBe(1);
    expect(s.count("slots", SECRET, 60_000)).toBe(2);
    expect(s.counter("slots", SECRET)).toBe(2);
    expect(s.counter("slots", "someone else")).toBe(0);
  });

  it("entries written under previous keys are read and taken, never written, under them", () => {
    const s = fresh();
    s.put("session", SECRET, bytes("old"), 60_000);
    const rotated = new SecretStore(memory, key(5), key(6), [new StoreKeys(key(1), key(2))]);
    expect(text(rotated.get("session", SECRET))).toBe("old");
    rotated.put("session", SECRET, bytes("new"), 60_000);
    expect(text(rotated.get("session", SECRET))).toBe("new");
    expect(text(s.get("session", SECRET))).toBe("old");
    expect(text(rotated.take("state", SECRET))).toBe("<null>");
    s.put("state", SECRET, bytes("v"), 60_000);
    expect(text(rotated.take("state", SECRET))).toBe("v");
    expect(s.get("state", SECRET)).toBeNull();
  });

  it("the cache's refusals come through: a TTL <= 0 is InvalidTtl", () => {
    const s = fresh();
    expect(s.put("session", SECRET, bytes("v"), 0)).toBe(false);
    expect(s.err).toBe(CacheErr.InvalidTtl);
    expect(s.claim("jti", SECRET, -1)).toBe(false);
    expect(s.err).toBe(CacheErr.InvalidTtl);
  });
});
