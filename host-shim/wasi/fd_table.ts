// A descriptor table that hands out the lowest free fd from a base, as wasi-go's and wazero's tables do, so a
// closed number is the next one reused. wazero keeps one per instance (files); wasi-go one per middleware build or
// per request, sockets and files together (host-shim/sockets/socket_host.ts).

/** Closable is anything a table can hold: closing the table closes its entries. */
export interface Closable { close(): void }

/** FdTable numbers entries from base up, lowest free first. */
export class FdTable<E extends Closable> {
  private readonly entries = new Map<number, E>();
  constructor(private readonly base: number) {}

  add(entry: E): number {
    let fd = this.base;
    while (this.entries.has(fd)) fd++;
    this.entries.set(fd, entry);
    return fd;
  }

  get(fd: number): E | undefined { return this.entries.get(fd); }

  remove(fd: number): E | undefined {
    const entry = this.entries.get(fd);
    this.entries.delete(fd);
    return entry;
  }

  closeAll(): void {
    for (const entry of this.entries.values()) entry.close();
    this.entries.clear();
  }
}
