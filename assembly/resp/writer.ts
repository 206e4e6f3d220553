// Encodes Redis commands. Every command is a RESP array of bulk strings, the form Redis reads as one argv, so no
// key or value (CR, LF, spaces, quotes included) can end a command early or start another (inline commands
// cannot be produced here). Measure the exact length, allocate once, fill: hiredis redisFormatSdsCommandArgv.

// The largest encoding we build, pipelines included: a guard against arithmetic overflow and runaway allocation,
// far above any command this middleware sends (a session is a few KiB).
export const MAX_COMMAND_BYTES: i32 = 1 << 26;

// @ts-ignore: decorator
@inline const ARG_STRING: u8 = 0;
// @ts-ignore: decorator
@inline const ARG_BYTES: u8 = 1;
// @ts-ignore: decorator
@inline const ARG_INTEGER: u8 = 2;

const NO_BYTES = new Uint8Array(0);

// One argument; `len` is its payload length in bytes, known from the moment it is added.
class Arg {
  kind: u8 = ARG_STRING;
  text: string = "";
  data: Uint8Array = NO_BYTES;
  n: i64 = 0;
  len: i32 = 0;
}

/**
 * RespCommand is the argv of one command, built by chaining:
 * `new RespCommand("SET").arg(key).bytes(value).arg("PX").int(1000).arg("NX")`. Strings are sent as UTF-8 (a lone
 * surrogate as U+FFFD, as TextEncoder does), bytes as they are, integers in decimal. It does not check that the
 * command exists or that its arity is right: Redis answers that with an Error reply.
 */
export class RespCommand {
  private args: Array<Arg> = new Array<Arg>();
  // Encoded bytes of all arguments so far, without the `*<argc>\r\n` header; i64 so that no sum can wrap.
  private payload: i64 = 0;

  constructor(name: string) {
    this.arg(name);
  }

  /** arg appends s, encoded as UTF-8. */
  arg(s: string): RespCommand {
    const a = new Arg();
    a.text = s;
    a.len = String.UTF8.byteLength(s);
    return this.add(a);
  }

  /** bytes appends b verbatim, binary-safe. The command keeps a reference: do not change b before encoding. */
  bytes(b: Uint8Array): RespCommand {
    const a = new Arg();
    a.kind = ARG_BYTES;
    a.data = b;
    a.len = b.length;
    return this.add(a);
  }

  /** int appends n in decimal, such as the milliseconds after PX or the count after EXPIRE. */
  int(n: i64): RespCommand {
    const a = new Arg();
    a.kind = ARG_INTEGER;
    a.n = n;
    a.len = decimalLength(n);
    return this.add(a);
  }

  /** argc is the number of arguments, the command name included. */
  get argc(): i32 { return this.args.length; }

  /** byteLength is the exact size of this command's encoding; above MAX_COMMAND_BYTES it cannot be encoded. */
  get byteLength(): i64 {
    return 1 + <i64>decimalLength(this.args.length) + 2 + this.payload;
  }

  /**
   * writeTo encodes the command into out at `at` and returns the offset after it, or -1 (out untouched) when
   * out has less than byteLength bytes from `at` or the command is too large.
   */
  writeTo(out: Uint8Array, at: i32): i32 {
    const total = this.byteLength;
    if (at < 0 || total > MAX_COMMAND_BYTES || <i64>at + total > <i64>out.length) return -1;
    const end = at + <i32>total;
    const args = this.args;
    let p = putByte(out, at, 0x2a); // '*'
    p = putDecimal(out, p, args.length);
    p = putCrlf(out, p);
    for (let i = 0; i < args.length; i++) {
      const a = unchecked(args[i]); // i < length
      p = putByte(out, p, 0x24); // '$'
      p = putDecimal(out, p, a.len);
      p = putCrlf(out, p);
      if (a.kind == ARG_STRING) {
        // @unsafe fill: byteLength(text) bytes were reserved at p for exactly this encoding.
        p += <i32>String.UTF8.encodeUnsafe(
          changetype<usize>(a.text), a.text.length, out.dataStart + <usize>p, false, String.UTF8.ErrorMode.REPLACE,
        );
      } else if (a.kind == ARG_BYTES) {
        memory.copy(out.dataStart + <usize>p, a.data.dataStart, <usize>a.len); // a.len bytes were reserved
        p += a.len;
      } else {
        p = putDecimal(out, p, a.n);
      }
      p = putCrlf(out, p);
    }
    // hiredis asserts sdslen(cmd) == totlen: measuring and filling must agree, or memory is already damaged.
    assert(p == end, "RespCommand: encoded length differs from measured length");
    return end;
  }

  private add(a: Arg): RespCommand {
    this.args.push(a);
    this.payload += 1 + <i64>decimalLength(a.len) + 2 + <i64>a.len + 2;
    return this;
  }
}

/** encodeCommand returns the bytes of one command, allocated once at their exact size; null if too large. */
export function encodeCommand(cmd: RespCommand): Uint8Array | null {
  const total = cmd.byteLength;
  if (total > MAX_COMMAND_BYTES) return null;
  const out = new Uint8Array(<i32>total);
  cmd.writeTo(out, 0);
  return out;
}

/**
 * encodePipeline returns the commands back to back in one buffer, allocated once, to be sent in one write; Redis
 * answers them in order. Null if the total exceeds MAX_COMMAND_BYTES.
 */
export function encodePipeline(cmds: Array<RespCommand>): Uint8Array | null {
  let total: i64 = 0;
  for (let i = 0; i < cmds.length; i++) {
    total += unchecked(cmds[i]).byteLength; // i < length
    if (total > MAX_COMMAND_BYTES) return null;
  }
  const out = new Uint8Array(<i32>total);
  let p = 0;
  for (let i = 0; i < cmds.length; i++) p = unchecked(cmds[i]).writeTo(out, p); // i < length; room measured above
  return out;
}

// Digits of n in decimal, with the '-' of a negative number.
function decimalLength(n: i64): i32 {
  let mag: u64 = n < 0 ? 0 - <u64>n : <u64>n; // two's complement negation: exact for i64.MIN_VALUE too
  let len = n < 0 ? 2 : 1;
  while (mag >= 10) {
    mag /= 10;
    len++;
  }
  return len;
}

// The put helpers write into space that writeTo has measured and bounds-checked as a whole.
// @ts-ignore: decorator
@inline function putByte(out: Uint8Array, p: i32, c: u8): i32 {
  unchecked(out[p] = c); // inside the range writeTo checked
  return p + 1;
}

// @ts-ignore: decorator
@inline function putCrlf(out: Uint8Array, p: i32): i32 {
  unchecked(out[p] = 0x0d); // inside the range writeTo checked
  unchecked(out[p + 1] = 0x0a);
  return p + 2;
}

function putDecimal(out: Uint8Array, p: i32, n: i64): i32 {
  const len = decimalLength(n);
  let mag: u64 = n < 0 ? 0 - <u64>n : <u64>n;
  if (n < 0) unchecked(out[p] = 0x2d); // inside the range writeTo checked
  for (let i = p + len - 1; i >= p + (n < 0 ? 1 : 0); i--) {
    unchecked(out[i] = <u8>(0x30 + mag % 10)); // inside the range writeTo checked
    mag /= 10;
  }
  return p + len;
}
