// Serves read_body(request) from a paused client stream: each call waits for up to `max` bytes or the end, as
// host-go's read loop does (traefik-wasm-host.md §3.3 read_body), and what the guest never read stays in the
// stream for the next handler.

import type { Readable } from "node:stream";

export class BodyReader {
  private ended = false;
  private failed: Error | null = null;

  constructor(readonly stream: Readable) {
    stream.pause();
    stream.once("end", () => { this.ended = true; });
    stream.once("error", (err) => { this.failed = err; });
  }

  /** read resolves with up to max bytes, and eof once the stream has nothing more. */
  async read(max: number): Promise<{ data: Uint8Array; eof: boolean }> {
    const parts: Buffer[] = [];
    let have = 0;
    while (have < max) {
      const chunk = this.stream.read() as Buffer | null;
      if (chunk) {
        const take = chunk.subarray(0, max - have);
        if (take.length < chunk.length) this.stream.unshift(chunk.subarray(take.length));
        parts.push(take);
        have += take.length;
        continue;
      }
      if (this.failed) throw this.failed;
      if (this.ended || this.stream.readableEnded) return { data: Buffer.concat(parts), eof: true };
      await this.readable();
    }
    return { data: Buffer.concat(parts), eof: false };
  }

  /** unread puts bytes back at the front, for a read whose caller gave up before taking them. */
  unread(data: Uint8Array): void {
    if (data.length > 0) this.stream.unshift(data);
  }

  private readable(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.stream.off("readable", done);
        this.stream.off("end", done);
        this.stream.off("error", done);
        resolve();
      };
      this.stream.once("readable", done);
      this.stream.once("end", done);
      this.stream.once("error", done);
    });
  }
}
