// The fuzz_tls fixture guest, run in-process (test/support/inprocess_guest.ts).
import { InProcessGuest, type GuestBuffers } from "../support/inprocess_guest.js";

export { GuestTrap, toHex } from "../support/inprocess_guest.js";

interface FuzzExports extends GuestBuffers {
  fuzz_tls(ptr: number, len: number): number;
}

/** Mode selects how deep into RFC 8448's handshake the input is fed (test/fixtures/guests/fuzz_tls.ts). */
export const enum Mode { Raw = 0, RawRetry = 1, Flight = 2, PostHandshake = 3 }

/** Outcome is fuzz_tls's result code and, after a failure, the detail it reported. */
export interface Outcome { code: number; detail: string }

/** Result codes of fuzz_tls: waiting, connected, closed, failed on the server's alert; 100 + alert sent. */
export const WAITING = 0, CONNECTED = 1, CLOSED = 2, SERVER_ALERT = 3, SENT_ALERT = 100, BAD_CALL = 300;

export class TlsFuzzGuest {
  private constructor(private readonly guest: InProcessGuest<FuzzExports>) {}

  static async create(): Promise<TlsFuzzGuest> {
    return new TlsFuzzGuest(await InProcessGuest.load<FuzzExports>("fuzz_tls"));
  }

  get unexpectedImports(): number {
    return this.guest.unexpectedImports;
  }

  /** run feeds payload in mode; chunk (0-255, times 7 bytes) splits it; odd verifier parses certificates. */
  run(mode: Mode, chunk: number, verifier: number, payload: Uint8Array): Outcome {
    const input = new Uint8Array(3 + payload.length);
    input[0] = mode;
    input[1] = chunk;
    input[2] = verifier;
    input.set(payload, 3);
    const code = this.guest.call(input, (x, ptr, len) => x.fuzz_tls(ptr, len));
    return { code, detail: new TextDecoder().decode(this.guest.output()) };
  }

  memoryBytes(): number {
    return this.guest.memoryBytes();
  }
}
