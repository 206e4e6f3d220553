// SecretStore: the cache as the OIDC layer uses it for anything named by a secret (session ids, login states,
// token ids) or holding one (tokens, session data). Redis is shared infrastructure that operators inspect, back up
// and replicate, so neither the name nor the content of an entry may give a secret away
// (peers-and-pitfalls.md: raw tokens as Redis keys):
//
// - Names: `v1:<kind>:<base64url(HMAC-SHA-256(hashKey, kind || 0x00 || secret))>`. Knowing a key does not reveal
//   the secret, and without hashKey nobody can compute the key of a secret they guessed. The kind is inside the
//   MAC as well, so one secret used for two purposes yields two unrelated keys.
// - Values: `0x01 || nonce (12) || ChaCha20-Poly1305(sealKey, nonce, value, aad = the key name)`. Binding the
//   name as associated data means a value copied under another key (someone else's session) fails to open.
//
// A value that fails to open reads as absent, with err Protocol and a detail for the log: the caller then starts
// over (a new login), never uses unauthenticated bytes. The cache below adds `keyPrefix`.

import { Cache, CacheErr } from "../cache/cache";
import { AEAD_NONCE_BYTES, open, seal } from "../crypto/aead";
import { HmacSha256 } from "../crypto/hmac";
import { base64UrlEncode } from "../encoding/base64";
import { randomBytes } from "../sys/random";

const FORMAT_V1: u8 = 0x01;
const HEADER_BYTES: i32 = 1 + AEAD_NONCE_BYTES;
// Memo bounds per instance: names are short, opened values are a sealed copy and a plain one (a session record is
// about 1.5 KiB each), so fewer of those.
const NAMES_MEMO: i32 = 256;
const OPENED_MEMO: i32 = 32;
// What claim stores: the entry's existence is the record, its value says nothing.
const CLAIMED = Uint8Array.wrap(String.UTF8.encode("1"));

/** StoreKeys are one generation of a SecretStore's keys: hashKey names entries, sealKey encrypts values. */
export class StoreKeys {
  readonly names: HmacSha256;

  constructor(hashKey: Uint8Array, readonly sealKey: Uint8Array) {
    this.names = new HmacSha256(hashKey);
  }
}

/**
 * SecretStore stores values under names derived from secrets, sealed; see the file comment. Entries written under
 * previous keys (a rotated sessionEncryptionKey) are still found and opened by get and take, never written.
 */
export class SecretStore {
  /** err and detail are the outcome of the last call, as on Cache. */
  err: CacheErr = CacheErr.Ok;
  detail: string = "";
  private readonly current: StoreKeys;
  // Memos of pure functions, per instance (a session's record is read on every request): the name of each recent
  // secret, and the last value opened under each recent name with the sealed bytes it came from.
  private readonly names: Map<string, string> = new Map();
  private readonly opened: Map<string, OpenedValue> = new Map();
  private lastKind: string = "";
  private lastSecret: string = "";
  private lastName: string = "";
  private lastOpenedKey: string = "";
  private lastOpened: OpenedValue | null = null;

  /** hashKey names entries (DerivedKeys.redisKeyHash), sealKey encrypts values (DerivedKeys.sessionEncryption). */
  constructor(readonly cache: Cache, hashKey: Uint8Array, sealKey: Uint8Array, private readonly previous: Array<StoreKeys> = []) {
    this.current = new StoreKeys(hashKey, sealKey);
  }

  /** keyOf returns the cache key for secret used as kind; kind is a short constant such as "session". */
  keyOf(kind: string, secret: string): string {
    if (secret == this.lastSecret && kind == this.lastKind) return this.lastName;
    const id = kind + "\0" + secret;
    let name: string;
    if (this.names.has(id)) name = this.names.get(id);
    else {
      name = nameOf(this.current, kind, id);
      if (this.names.size >= NAMES_MEMO) this.names.clear();
      this.names.set(id, name);
    }
    this.lastKind = kind;
    this.lastSecret = secret;
    this.lastName = name;
    return name;
  }

  /** put seals value and stores it for ttlMs under secret's key; false with err set if it did not. */
  put(kind: string, secret: string, value: Uint8Array, ttlMs: i64): bool {
    const key = this.keyOf(kind, secret);
    const sealed = this.sealUnder(key, value);
    if (sealed === null) return false;
    return this.settle(this.cache.set(key, sealed, ttlMs));
  }

  /**
   * get returns the opened value under secret's key, or null: a miss (err Ok), or a failure (err set). The bytes
   * may be shared with earlier and later calls that read the same entry: never modify them.
   */
  get(kind: string, secret: string): Uint8Array | null {
    return this.read(kind, secret, false);
  }

  /** take removes and returns the value under secret's key, atomically: a single-use read (a login state). */
  take(kind: string, secret: string): Uint8Array | null {
    return this.read(kind, secret, true);
  }

  // Tries the current keys, then each previous generation while the answer is a clean miss.
  private read(kind: string, secret: string, remove: bool): Uint8Array | null {
    for (let i = -1; i < this.previous.length; i++) {
      const keys = i < 0 ? this.current : this.previous[i];
      const key = i < 0 ? this.keyOf(kind, secret) : nameOf(keys, kind, kind + "\0" + secret);
      const value = remove ? this.openUnder(keys, key, this.cache.getDel(key)) : this.openRemembered(keys, key, this.cache.peek(key));
      if (value !== null || this.err != CacheErr.Ok) return value;
    }
    return null;
  }

  /**
   * claim records secret as used for ttlMs and returns true only to the first caller (Cache.setIfAbsent): the
   * replay ledger. false with err Ok means it was already claimed; false with err set means unknown, fail closed.
   */
  claim(kind: string, secret: string, ttlMs: i64): bool {
    return this.settle(this.cache.setIfAbsent(this.keyOf(kind, secret), CLAIMED, ttlMs));
  }

  /**
   * count adds 1 to the counter named by secret and returns it (Cache.incr: atomic across replicas, created with
   * ttlMs, keeping that TTL afterwards); 0 with err set on failure. Counters hold no secret and are not sealed.
   */
  count(kind: string, secret: string, ttlMs: i64): i64 {
    const n = this.cache.incr(this.keyOf(kind, secret), ttlMs);
    this.settle(true);
    return n;
  }

  /** counter reads the counter named by secret without changing it: 0 when absent (or on failure, err set). */
  counter(kind: string, secret: string): i64 {
    const v = this.cache.get(this.keyOf(kind, secret));
    this.settle(true);
    if (v === null || v.length == 0 || v.length > 18) return 0;
    let n: i64 = 0;
    for (let i = 0; i < v.length; i++) {
      const d = <i32>v[i] - 48;
      if (d < 0 || d > 9) return 0;
      n = n * 10 + d;
    }
    return n;
  }

  /** forget deletes the entry of secret; true if there was one. */
  forget(kind: string, secret: string): bool {
    return this.settle(this.cache.del(this.keyOf(kind, secret)));
  }

  private sealUnder(key: string, value: Uint8Array): Uint8Array | null {
    this.err = CacheErr.Ok;
    this.detail = "";
    const nonce = randomBytes(AEAD_NONCE_BYTES);
    if (nonce === null) {
      this.err = CacheErr.Unavailable;
      this.detail = "no randomness from the host for a nonce; nothing stored";
      return null;
    }
    const body = seal(this.current.sealKey, nonce, value, Uint8Array.wrap(String.UTF8.encode(key)));
    if (body === null) {
      this.err = CacheErr.TooLarge;
      this.detail = "value of " + value.length.toString() + " bytes is too large to seal";
      return null;
    }
    const out = new Uint8Array(HEADER_BYTES + body.length);
    out[0] = FORMAT_V1;
    out.set<Uint8Array>(nonce, 1);
    out.set<Uint8Array>(body, HEADER_BYTES);
    return out;
  }

  // openUnder, unless the value under key was last opened from these very bytes.
  private openRemembered(keys: StoreKeys, key: string, stored: Uint8Array | null): Uint8Array | null {
    if (stored !== null && (key == this.lastOpenedKey || this.opened.has(key))) {
      const last = key == this.lastOpenedKey ? this.lastOpened! : this.opened.get(key);
      this.lastOpenedKey = key;
      this.lastOpened = last;
      // The same array (an L1 hit handed out by peek), or the same bytes.
      if (last.sealed === stored || (last.sealed.length == stored.length && memory.compare(last.sealed.dataStart, stored.dataStart, <usize>stored.length) == 0)) {
        this.settle(true);
        return last.value;
      }
    }
    const value = this.openUnder(keys, key, stored);
    if (value !== null) {
      if (this.opened.size >= OPENED_MEMO) this.opened.clear();
      // peek's bytes may be a cache's own, which a later set replaces but never changes: keeping them is safe.
      const opened = new OpenedValue(stored!, value);
      this.opened.set(key, opened);
      this.lastOpenedKey = key;
      this.lastOpened = opened;
    }
    return value;
  }

  private openUnder(keys: StoreKeys, key: string, stored: Uint8Array | null): Uint8Array | null {
    this.settle(true);
    if (stored === null) return null;
    let value: Uint8Array | null = null;
    if (stored.length >= HEADER_BYTES && stored[0] == FORMAT_V1) {
      const nonce = stored.subarray(1, HEADER_BYTES);
      value = open(keys.sealKey, nonce, stored.subarray(HEADER_BYTES), Uint8Array.wrap(String.UTF8.encode(key)));
    }
    if (value === null) {
      this.err = CacheErr.Protocol;
      this.detail = "the value under " + key + " does not open: altered, moved from another key, or sealed with another sessionEncryptionKey";
    }
    return value;
  }

  // settle copies the cache's outcome of the call just made and passes ok through.
  private settle(ok: bool): bool {
    this.err = this.cache.err;
    this.detail = this.cache.detail;
    return ok;
  }
}

// id is kind, 0x00, secret.
function nameOf(keys: StoreKeys, kind: string, id: string): string {
  return "v1:" + kind + ":" + base64UrlEncode(keys.names.mac(Uint8Array.wrap(String.UTF8.encode(id))));
}

class OpenedValue {
  constructor(readonly sealed: Uint8Array, readonly value: Uint8Array) {}
}
