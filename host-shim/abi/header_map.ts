// Go's http.Header as the http_handler host sees it: keys in Go's canonical form (textproto.CanonicalMIMEHeaderKey),
// values kept in order, names reported lowercased and sorted (host-go `handler/nethttp/host.go`).

/** Go's `http.TrailerPrefix`: trailers live in the header map under this key prefix (traefik-wasm-host.md §3.5). */
export const TRAILER_PREFIX = "Trailer:";

/** HeaderMap keeps header values per Go canonical key, in insertion order. */
export class HeaderMap {
  private readonly byKey = new Map<string, string[]>();

  static from(pairs: Iterable<readonly [string, string]>): HeaderMap {
    const map = new HeaderMap();
    for (const [name, value] of pairs) map.add(name, value);
    return map;
  }

  /** values returns the values of name, or an empty array. */
  values(name: string): readonly string[] {
    return this.byKey.get(canonicalHeaderKey(name)) ?? [];
  }

  has(name: string): boolean {
    return this.byKey.has(canonicalHeaderKey(name));
  }

  set(name: string, value: string): void {
    this.byKey.set(canonicalHeaderKey(name), [value]);
  }

  add(name: string, value: string): void {
    const key = canonicalHeaderKey(name);
    const list = this.byKey.get(key);
    if (list) list.push(value);
    else this.byKey.set(key, [value]);
  }

  delete(name: string): void {
    this.byKey.delete(canonicalHeaderKey(name));
  }

  /** keys lists the Go map keys (canonical form, or verbatim for non-token names), sorted as Go's sort.Strings. */
  keys(): string[] {
    return [...this.byKey.keys()].sort(compareGoStrings);
  }

  /** names lists each lowercased name once, sorted as Go sorts strings (by UTF-8 bytes). */
  names(): string[] {
    return [...new Set(this.keys().map((k) => k.toLowerCase()))].sort(compareGoStrings);
  }

  /** pairs flattens the map to [lowercased name, value] pairs, keys sorted. */
  pairs(): [string, string][] {
    return this.keys().flatMap((key) => this.byKey.get(key)!.map((v): [string, string] => [key.toLowerCase(), v]));
  }
}

/**
 * canonicalHeaderKey is Go's textproto.CanonicalMIMEHeaderKey: `x-foo-bar` → `X-Foo-Bar`. A name holding any byte
 * that is not an RFC 7230 token character (space, `:`, non-ASCII) is returned unchanged, so such keys, including
 * every `Trailer:` key, are case-sensitive in Go.
 */
export function canonicalHeaderKey(name: string): string {
  for (let i = 0; i < name.length; i++) if (!isTokenChar(name.charCodeAt(i))) return name;
  let out = "";
  let upper = true;
  for (const c of name) {
    out += upper ? c.toUpperCase() : c.toLowerCase();
    upper = c === "-";
  }
  return out;
}

/**
 * compareGoStrings orders strings as Go compares them: by their UTF-8 bytes. Header names are ASCII, whose code
 * units are their bytes, so the bytes are made only past a difference outside ASCII (a sort calls this often).
 */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    return x < 0x80 && y < 0x80 ? x - y : Buffer.compare(Buffer.from(a), Buffer.from(b));
  }
  return a.length - b.length; // equal code units so far are equal bytes so far: the shorter sorts first
}

const TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

function isTokenChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ||
    (c < 0x80 && TOKEN_SYMBOLS.includes(String.fromCharCode(c)));
}
