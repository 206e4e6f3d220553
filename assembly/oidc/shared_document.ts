// A document every replica needs from the provider (discovery metadata, the JWKS), fetched on demand and shared
// through the cache. Instances are dropped at any time (traefik-wasm-host.md §2.4), so the parsed copy kept on the
// instance is an optimisation only; the shared truth is the cached document with the time it was fetched.
//
// Freshness: a document younger than `freshSeconds` is used as is. An older one is fetched again; if the provider
// cannot be reached or answers nonsense, the older one serves for up to `staleSeconds`, with the reason in `detail`
// for the log: a provider outage must not stop every request. A forced refresh (a token names a key the JWKS
// lacks) is made by the replica that wins a short lock in the cache, at most once per lock period however young the
// document (a rotation may follow a fetch at once); the others keep what they have until the next one.

import { Cache } from "../cache/cache";
import { sha256 } from "../crypto/sha256";
import { base64UrlEncode } from "../encoding/base64";
import { HttpClient } from "../httpclient/client";
import { httpClientErrName } from "../httpclient/errors";
import { HttpRequest } from "../httpclient/request";
import { serverUrl } from "./server_url";

const STAMP_BYTES: i32 = 8;
// A forced refresh holds this lock: at most one such fetch per LOCK_MS, per cluster with Redis.
const LOCK_MS: i64 = 5_000;
const LOCK_VALUE = Uint8Array.wrap(String.UTF8.encode("1"));

/** SharedDocument fetches, checks, caches and serves one kind of provider document of type T. */
export abstract class SharedDocument<T> {
  /** detail says why the last get() failed, or why it served an old document; "" otherwise. */
  detail: string = "";
  /** reason is set by parse() when it refuses a document. */
  protected reason: string = "";
  freshSeconds: i64 = 3600;
  staleSeconds: i64 = 86_400;
  private memo: T | null = null;
  private memoUrl: string = "";
  private memoFetchedAt: i64 = 0;

  constructor(private cache: Cache, private http: HttpClient, private backchannel: string, private kind: string) {}

  /** parse checks a fetched or cached document; null with `reason` when it is unusable. */
  protected abstract parse(bytes: Uint8Array): T | null;

  /** get returns the document published at url, at now (seconds); refresh asks for a newer one than cached. */
  get(url: string, now: i64, refresh: bool = false): T | null {
    this.detail = "";
    const memo = this.memo;
    if (!refresh && memo !== null && this.memoUrl == url && now - this.memoFetchedAt < this.freshSeconds) return memo;
    const key = "v1:" + this.kind + ":" + base64UrlEncode(sha256(Uint8Array.wrap(String.UTF8.encode(url)))).substring(0, 22);
    let old: T | null = null;
    let oldAt: i64 = 0;
    const cached = this.cache.get(key);
    if (cached !== null && cached.length > STAMP_BYTES) {
      const at = load<i64>(cached.dataStart);
      const doc = this.parse(cached.subarray(STAMP_BYTES));
      const age = now - at;
      if (doc !== null && age < this.freshSeconds && !refresh) return this.remember(doc, url, at);
      if (doc !== null && age < this.staleSeconds) { old = doc; oldAt = at; }
    }
    // A refresh is one replica's job: the others keep what they have.
    if (refresh && old !== null && !this.cache.setIfAbsent(key + ":lock", LOCK_VALUE, LOCK_MS)) return this.remember(old, url, oldAt);
    const fetched = this.fetch(url, key, now);
    if (fetched !== null) return fetched;
    if (old === null) return null;
    this.detail = `serving the ${this.kind} document fetched ${now - oldAt} s ago: ${this.detail}`;
    return this.remember(old, url, oldAt);
  }

  private fetch(url: string, key: string, now: i64): T | null {
    const target = serverUrl(url, this.backchannel);
    const res = this.http.send(HttpRequest.get(target));
    if (res === null) return this.fail(`${this.kind} ${target}: ${httpClientErrName(this.http.err)}: ${this.http.detail}`);
    if (res.status != 200) return this.fail(`${this.kind} ${target}: HTTP ${res.status}`);
    const doc = this.parse(res.body);
    if (doc === null) return this.fail(`${this.kind} ${target}: ${this.reason}`);
    const entry = new Uint8Array(STAMP_BYTES + res.body.length);
    store<i64>(entry.dataStart, now);
    entry.set(res.body, STAMP_BYTES);
    // A cache failure only costs another replica a fetch: the document in hand is good.
    this.cache.set(key, entry, this.staleSeconds * 1000);
    return this.remember(doc, url, now);
  }

  private remember(doc: T, url: string, fetchedAt: i64): T {
    this.memo = doc;
    this.memoUrl = url;
    this.memoFetchedAt = fetchedAt;
    return doc;
  }

  private fail(detail: string): T | null {
    this.detail = detail;
    return null;
  }
}
