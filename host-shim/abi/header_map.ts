// Go's http.Header as the http_handler host sees it: case-insensitive names, values kept in order, names
// reported lowercased and sorted (host-go `handler/nethttp/host.go`).

/** HeaderMap keeps header values per case-insensitive name, in insertion order. */
export class HeaderMap {
  private readonly byName = new Map<string, string[]>();

  static from(pairs: Iterable<readonly [string, string]>): HeaderMap {
    const map = new HeaderMap();
    for (const [name, value] of pairs) map.add(name, value);
    return map;
  }

  /** values returns the values of name, or an empty array. */
  values(name: string): readonly string[] {
    return this.byName.get(name.toLowerCase()) ?? [];
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  set(name: string, value: string): void {
    this.byName.set(name.toLowerCase(), [value]);
  }

  add(name: string, value: string): void {
    const key = name.toLowerCase();
    const list = this.byName.get(key);
    if (list) list.push(value);
    else this.byName.set(key, [value]);
  }

  delete(name: string): void {
    this.byName.delete(name.toLowerCase());
  }

  /** names lists each lowercased name once, sorted as Go sorts strings (by UTF-8 bytes). */
  names(): string[] {
    return [...this.byName.keys()].sort(compareBytes);
  }

  /** pairs flattens the map to [name, value] pairs, names sorted. */
  pairs(): [string, string][] {
    return this.names().flatMap((name) => this.values(name).map((v): [string, string] => [name, v]));
  }
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
