// RespCommand and the encoders: byte-exact output for known commands, exact measurement, binary-safe and
// injection-proof arguments, pipelines, and round trips through RespReader.
import { RespReader } from "../../../assembly/resp/reader";
import { encodeCommand, encodePipeline, MAX_COMMAND_BYTES, RespCommand } from "../../../assembly/resp/writer";
import { RespKind } from "../../../assembly/resp/value";
import { raw, show, utf8 } from "./helpers";

function text(b: Uint8Array | null): string {
  expect(b).not.toBeNull();
  return String.UTF8.decode(b!.buffer);
}

function enc(cmd: RespCommand): Uint8Array {
  const out = encodeCommand(cmd);
  expect(out).not.toBeNull();
  expect(<i64>out!.length).toBe(cmd.byteLength, "byteLength must be exact");
  return out!;
}

describe("RespCommand encoding", () => {
  it("encodes SET k v PX 1000 NX byte for byte", () => {
    const cmd = new RespCommand("SET").arg("k").arg("v").arg("PX").int(1000).arg("NX");
    expect(cmd.argc).toBe(6);
    expect(text(enc(cmd))).toBe("*6\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nPX\r\n$4\r\n1000\r\n$2\r\nNX\r\n");
  });

  it("encodes GET, DEL with several keys, and a command name alone", () => {
    expect(text(enc(new RespCommand("GET").arg("session:v1:abc"))))
      .toBe("*2\r\n$3\r\nGET\r\n$14\r\nsession:v1:abc\r\n");
    expect(text(enc(new RespCommand("DEL").arg("a").arg("bb")))).toBe("*3\r\n$3\r\nDEL\r\n$1\r\na\r\n$2\r\nbb\r\n");
    expect(text(enc(new RespCommand("PING")))).toBe("*1\r\n$4\r\nPING\r\n");
  });

  it("writes two-digit counts and lengths", () => {
    const cmd = new RespCommand("MSET");
    for (let i = 0; i < 9; i++) cmd.arg("0123456789");
    const out = text(enc(cmd));
    expect(out.startsWith("*10\r\n$4\r\nMSET\r\n$10\r\n0123456789\r\n")).toBe(true);
  });

  it("encodes integers in decimal across the whole i64 range", () => {
    expect(text(enc(new RespCommand("X").int(0)))).toBe("*2\r\n$1\r\nX\r\n$1\r\n0\r\n");
    expect(text(enc(new RespCommand("X").int(-1)))).toBe("*2\r\n$1\r\nX\r\n$2\r\n-1\r\n");
    expect(text(enc(new RespCommand("X").int(i64.MAX_VALUE)))).toBe("*2\r\n$1\r\nX\r\n$19\r\n9223372036854775807\r\n");
    expect(text(enc(new RespCommand("X").int(i64.MIN_VALUE)))).toBe("*2\r\n$1\r\nX\r\n$20\r\n-9223372036854775808\r\n");
  });

  it("encodes an empty argument as an empty bulk string", () => {
    expect(text(enc(new RespCommand("SET").arg("").bytes(new Uint8Array(0)))))
      .toBe("*3\r\n$3\r\nSET\r\n$0\r\n\r\n$0\r\n\r\n");
  });

  it("sends strings as UTF-8 and a lone surrogate as U+FFFD", () => {
    const out = enc(new RespCommand("SET").arg("é😀").arg("\ud800"));
    const r = new RespReader();
    r.feed(out);
    const v = r.next()!;
    expect(v.at(1)!.bytes.length).toBe(6);
    expect(v.at(1)!.text()).toBe("é😀");
    expect(show(v.at(2)!)).toBe("$\\xef\\xbf\\xbd");
  });

  it("keeps raw bytes with CR, LF, NUL and 0xff intact", () => {
    const value = raw([0x0d, 0x0a, 0x00, 0xff, 0x2a, 0x31, 0x0d, 0x0a]);
    const out = enc(new RespCommand("SET").arg("k").bytes(value));
    const r = new RespReader();
    r.feed(out);
    expect(show(r.next()!)).toBe("*[$SET,$k,$\\r\\n\\x00\\xff*1\\r\\n]");
  });

  it("cannot be turned into two commands by a key holding CRLF and a command", () => {
    const evil = "k\r\n*1\r\n$8\r\nFLUSHALL\r\n";
    const r = new RespReader();
    r.feed(enc(new RespCommand("GET").arg(evil)));
    const v = r.next()!;
    expect(v.kind).toBe(RespKind.Array);
    expect(v.length).toBe(2);
    expect(v.at(1)!.textIs(evil)).toBe(true);
    expect(r.next()).toBeNull();
    expect(r.buffered).toBe(0);
  });
});

describe("RespCommand pipelines and bounds", () => {
  it("concatenates pipelined commands into one buffer of the exact size", () => {
    const a = new RespCommand("SET").arg("k").arg("v").arg("PX").int(1000).arg("NX");
    const b = new RespCommand("GET").arg("k");
    const c = new RespCommand("DEL").arg("k");
    const out = encodePipeline([a, b, c])!;
    expect(<i64>out.length).toBe(a.byteLength + b.byteLength + c.byteLength);
    expect(text(out)).toBe(text(enc(a)) + text(enc(b)) + text(enc(c)));
    const r = new RespReader();
    r.feed(out);
    expect(show(r.next()!)).toBe("*[$SET,$k,$v,$PX,$1000,$NX]");
    expect(show(r.next()!)).toBe("*[$GET,$k]");
    expect(show(r.next()!)).toBe("*[$DEL,$k]");
    expect(encodePipeline([])!.length).toBe(0);
  });

  it("writes at an offset and refuses a buffer that is too small without touching it", () => {
    const cmd = new RespCommand("GET").arg("k");
    const n = <i32>cmd.byteLength;
    const out = new Uint8Array(n + 3);
    expect(cmd.writeTo(out, 3)).toBe(n + 3);
    expect(String.UTF8.decode(out.slice(3).buffer)).toBe("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
    const small = new Uint8Array(n - 1);
    expect(cmd.writeTo(small, 0)).toBe(-1);
    expect(cmd.writeTo(out, 4)).toBe(-1);
    expect(cmd.writeTo(out, -1)).toBe(-1);
    for (let i = 0; i < small.length; i++) expect(small[i]).toBe(0);
  });

  it("returns null instead of allocating past MAX_COMMAND_BYTES", () => {
    const chunk = new Uint8Array(1 << 20);
    const cmd = new RespCommand("SET");
    for (let i = 0; i < 64; i++) cmd.bytes(chunk);
    expect(cmd.byteLength).toBeGreaterThan(<i64>MAX_COMMAND_BYTES);
    expect(encodeCommand(cmd)).toBeNull();
    expect(encodePipeline([new RespCommand("PING"), cmd])).toBeNull();
    expect(cmd.writeTo(new Uint8Array(16), 0)).toBe(-1);
  });

  it("round-trips every argument through RespReader", () => {
    const script = "return redis.call('SET', KEYS[1], ARGV[1])";
    const cmd = new RespCommand("EVAL").arg(script).int(1).arg("key").bytes(utf8("v"));
    const r = new RespReader();
    r.feed(enc(cmd));
    const v = r.next()!;
    expect(v.length).toBe(5);
    expect(v.at(1)!.text()).toBe(script);
    expect(v.at(2)!.textIs("1")).toBe(true);
  });
});
