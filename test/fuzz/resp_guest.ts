// The fuzz_resp fixture guest, run in-process (test/support/inprocess_guest.ts).
import { InProcessGuest, type GuestBuffers } from "../support/inprocess_guest.js";

export { GuestTrap, toHex } from "../support/inprocess_guest.js";

interface FuzzExports extends GuestBuffers {
  fuzz_resp(ptr: number, len: number, mode: number, whole: number): number;
  fuzz_command(ptr: number, len: number): number;
  replies(): number;
}

/** Limit sets the guest can decode with: the RespLimits defaults, or tight ones that generated replies cross. */
export const enum Mode { Default = 0, Tight = 1 }

/** Result codes of fuzz_resp above every RespErr (test/fixtures/guests/fuzz_resp.ts). */
export const INCOMPLETE = 50;
export const NOT_POISONED = 100;
export const SPLIT_MISMATCH = 200;
export const BAD_CALL = 300;

/** DecodeResult is fuzz_resp's code, the number of replies, and their canonical encoding. */
export interface DecodeResult {
  code: number;
  replies: number;
  output: Uint8Array;
}

/** Arg is one command argument for fuzz_command. */
export type Arg = { bytes: Uint8Array } | { text: string } | { int: bigint };

export class RespGuest {
  private constructor(private readonly guest: InProcessGuest<FuzzExports>) {}

  static async create(): Promise<RespGuest> {
    return new RespGuest(await InProcessGuest.load<FuzzExports>("fuzz_resp"));
  }

  get unexpectedImports(): number {
    return this.guest.unexpectedImports;
  }

  /**
   * decode feeds data to the guest's reader in the given chunk sizes (the rest as a last chunk). With
   * checkWhole, the guest also decodes data in one feed and fails with SPLIT_MISMATCH unless both agree.
   */
  decode(data: Uint8Array, chunks: number[], mode: Mode, checkWhole = true): DecodeResult {
    const input = new Uint8Array(4 + 4 * chunks.length + data.length);
    const view = new DataView(input.buffer);
    view.setUint32(0, chunks.length, true);
    chunks.forEach((c, i) => view.setUint32(4 + 4 * i, c, true));
    input.set(data, 4 + 4 * chunks.length);
    const { code, replies } = this.guest.call(input, (x, ptr, len) => ({
      code: x.fuzz_resp(ptr, len, mode, checkWhole ? 1 : 0), replies: x.replies(),
    }));
    return { code, replies, output: this.guest.output() };
  }

  /** encode asks the guest's RespCommand for the encoding of args; the first must be a text argument. */
  encode(args: Arg[]): { code: number; output: Uint8Array } {
    const parts: Uint8Array[] = [];
    for (const a of args) {
      let tag: number;
      let payload: Uint8Array;
      if ("bytes" in a) {
        tag = 0;
        payload = a.bytes;
      } else if ("text" in a) {
        tag = 1;
        payload = new Uint8Array(a.text.length * 2);
        const view = new DataView(payload.buffer);
        for (let i = 0; i < a.text.length; i++) view.setUint16(2 * i, a.text.charCodeAt(i), true);
      } else {
        tag = 2;
        payload = new Uint8Array(8);
        new DataView(payload.buffer).setBigInt64(0, a.int, true);
      }
      const head = new Uint8Array(5);
      head[0] = tag;
      new DataView(head.buffer).setUint32(1, payload.length, true);
      parts.push(head, payload);
    }
    const count = new Uint8Array(4);
    new DataView(count.buffer).setUint32(0, args.length, true);
    const input = Buffer.concat([count, ...parts]);
    const code = this.guest.call(new Uint8Array(input), (x, ptr, len) => x.fuzz_command(ptr, len));
    return { code, output: this.guest.output() };
  }

  memoryBytes(): number {
    return this.guest.memoryBytes();
  }

  takeLogs(): string[] {
    return this.guest.takeLogs();
  }
}
