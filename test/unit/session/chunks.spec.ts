// Cookie chunking: the split at its boundaries (one chunk full, one byte more, MAX_CHUNKS full, one chunk more),
// every Set-Cookie line within MAX_SET_COOKIE_LINE even with long attributes, deletions of leftover chunks, and
// reassembly from what a browser sends back, refusing a missing or duplicate chunk and ignoring a stale one.
import { CookieJar } from "../../../assembly/http/cookie";
import { HttpErr } from "../../../assembly/http/errors";
import { SetCookie } from "../../../assembly/http/set_cookie";
import {
  chunkBudget, chunkCookies, chunkName, clearChunkedCookies, FRAME_LENGTH, MAX_CHUNK_VALUE, MAX_CHUNKED_LENGTH,
  MAX_CHUNKS, MAX_SET_COOKIE_LINE, readChunks,
} from "../../../assembly/session/chunks";
import { SessionErr, sessionErrName, SessionStatus } from "../../../assembly/session/errors";
import { openCookie, sealCookie } from "../../../assembly/session/sealed";
import { attrs, browserSends, header, isDeletion, jarOf, keysOf, nameOf, pairOf, pattern, repeat } from "./helpers";

const NAME = "oidc_session";

// A value of n cookie-octets that differ by position, so a part put back in the wrong place shows.
function value(n: i32): string {
  const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  let s = "";
  for (let i = 0; i < n; i++) s += abc.charAt((i * 7 + (i >> 6)) & 63);
  return s;
}

function lines(v: string, carried: CookieJar | null = null, a: SetCookie = attrs()): Array<string> {
  const status = new SessionStatus();
  const out = chunkCookies(NAME, v, a, carried, status);
  expect(out).not.toBeNull("chunkCookies refused with " + sessionErrName(status.err));
  return out!;
}

function roundTrips(v: string, a: SetCookie = attrs()): Array<string> {
  const out = lines(v, null, a);
  const status = new SessionStatus();
  expect(readChunks(jarOf(browserSends(out)), NAME, status)).toBe(v);
  expect(status.err).toBe(SessionErr.Ok);
  return out;
}

function readRefuses(cookieHeader: string, e: SessionErr): void {
  const status = new SessionStatus();
  expect(readChunks(jarOf(cookieHeader), NAME, status)).toBeNull();
  expect(status.err).toBe(e, "expected " + sessionErrName(e) + ", got " + sessionErrName(status.err));
}

function writeRefuses(v: string, a: SetCookie, e: SessionErr): SessionStatus {
  const status = new SessionStatus();
  expect(chunkCookies(NAME, v, a, null, status)).toBeNull();
  expect(status.err).toBe(e, "expected " + sessionErrName(e) + ", got " + sessionErrName(status.err));
  return status;
}

describe("chunkCookies splits at its boundaries", () => {
  it("has the full budget with ordinary attributes", () => {
    expect(chunkBudget(NAME, attrs())).toBe(MAX_CHUNK_VALUE);
  });

  it("writes a short value as one framed cookie with every attribute", () => {
    const out = roundTrips("v1.abc");
    expect(out.length).toBe(1);
    expect(out[0]).toBe("oidc_session=1~v1.abc; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax");
    expect(roundTrips("").length).toBe(1);
  });

  it("fills exactly one chunk, and spills one byte more into a second", () => {
    const one = roundTrips(value(MAX_CHUNK_VALUE - FRAME_LENGTH));
    expect(one.length).toBe(1);
    expect(pairOf(one[0]).length).toBe(NAME.length + 1 + MAX_CHUNK_VALUE);
    const two = roundTrips(value(MAX_CHUNK_VALUE - FRAME_LENGTH + 1));
    expect(two.length).toBe(2);
    expect(nameOf(two[1])).toBe(NAME + ".1");
    expect(pairOf(two[1])).toBe(NAME + ".1=" + value(MAX_CHUNK_VALUE - FRAME_LENGTH + 1).substring(MAX_CHUNK_VALUE - 2));
    expect(pairOf(two[0]).startsWith(NAME + "=2~")).toBe(true);
  });

  it("fills MAX_CHUNKS chunks exactly, names them .1 to .7, and refuses one byte more as TooLarge", () => {
    const out = roundTrips(value(MAX_CHUNKED_LENGTH));
    expect(out.length).toBe(MAX_CHUNKS);
    for (let k = 0; k < MAX_CHUNKS; k++) {
      expect(nameOf(out[k])).toBe(k == 0 ? NAME : NAME + "." + k.toString());
      expect(pairOf(out[k]).length).toBe(nameOf(out[k]).length + 1 + MAX_CHUNK_VALUE);
    }
    writeRefuses(value(MAX_CHUNKED_LENGTH + 1), attrs(), SessionErr.TooLarge);
  });

  it("keeps every Set-Cookie line within MAX_SET_COOKIE_LINE when long attributes shrink the budget", () => {
    const a = attrs();
    a.path = "/" + repeat("p", 700);
    a.domain = repeat("d", 60) + "." + repeat("e", 60) + ".example.com";
    a.expires = 1_700_000_000;
    const budget = chunkBudget(NAME, a);
    expect(budget).toBeLessThan(MAX_CHUNK_VALUE);
    const v = value(budget * 3);
    const out = roundTrips(v, a);
    expect(out.length).toBe(4);
    for (let i = 0; i < out.length; i++) expect(out[i].length).toBeLessThanOrEqual(MAX_SET_COOKIE_LINE);
    expect(out[1].length).toBe(MAX_SET_COOKIE_LINE); // chunk .1 is full: its name is as long as .7, the budget's
    expect(out[0].length).toBe(MAX_SET_COOKIE_LINE - 2); // the head's name has no suffix
    // What fits at the full budget does not fit at this one: refused, never cut.
    writeRefuses(value(MAX_CHUNKED_LENGTH), a, SessionErr.TooLarge);
  });

  it("carries a sealed cookie through chunks and opens it", () => {
    const keys = keysOf(3);
    const payload = pattern(9000);
    const sealed = sealCookie(keys, NAME, payload, 100, 200)!;
    const out = roundTrips(sealed);
    expect(out.length).toBe(4);
    const back = readChunks(jarOf(browserSends(out)), NAME)!;
    expect(openCookie(keys, NAME, back, 150)!.payload.length).toBe(9000);
  });
});

describe("chunkCookies deletes leftovers", () => {
  it("deletes every chunk the request carried past the new count, with the same Path and Domain", () => {
    const a = attrs();
    a.domain = "example.com";
    const old = lines(value(MAX_CHUNK_VALUE * 4), null, a);
    expect(old.length).toBe(5);
    const carried = jarOf(browserSends(old) + "; unrelated=1");
    const out = lines(value(MAX_CHUNK_VALUE), carried, a);
    expect(out.length).toBe(2 + 3);
    expect(isDeletion(out[1])).toBe(false);
    for (let i = 2; i < 5; i++) {
      expect(out[i]).toBe(NAME + "." + i.toString() + "=; Path=/; Domain=example.com; Max-Age=0; " +
        "Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; HttpOnly; SameSite=Lax");
    }
    // The browser applies sets and deletions; what it sends next reads back as the new value.
    const after = jarOf(header([pairOf(out[0]), pairOf(out[1])]));
    expect(readChunks(after, NAME)).toBe(value(MAX_CHUNK_VALUE));
  });

  it("deletes nothing when the request carried no leftover", () => {
    expect(lines("v1.x", jarOf("other=1")).length).toBe(1);
    expect(lines("v1.x", new CookieJar()).length).toBe(1);
  });

  it("clears the head and each carried chunk, or every chunk name when nothing was carried", () => {
    const all = clearChunkedCookies(NAME, attrs(), null)!;
    expect(all.length).toBe(MAX_CHUNKS);
    for (let k = 0; k < MAX_CHUNKS; k++) {
      expect(nameOf(all[k])).toBe(chunkName(NAME, k));
      expect(isDeletion(all[k])).toBe(true);
    }
    const some = clearChunkedCookies(NAME, attrs(), jarOf(NAME + ".3=x; " + NAME + "=2~y"))!;
    expect(some.length).toBe(2);
    expect(nameOf(some[0])).toBe(NAME);
    expect(nameOf(some[1])).toBe(NAME + ".3");
  });
});

describe("readChunks reassembles or refuses", () => {
  it("reads chunks in any order and ignores a stale chunk past the count", () => {
    const out = lines(value(MAX_CHUNK_VALUE * 2));
    expect(out.length).toBe(3);
    const p0 = pairOf(out[0]), p1 = pairOf(out[1]), p2 = pairOf(out[2]);
    expect(readChunks(jarOf(header([p2, p0, p1])), NAME)).toBe(value(MAX_CHUNK_VALUE * 2));
    expect(readChunks(jarOf(header([p0, p1, p2, NAME + ".3=stale", NAME + ".7=x"])), NAME))
      .toBe(value(MAX_CHUNK_VALUE * 2));
    expect(readChunks(jarOf(header([NAME + "=1~abc", NAME + ".1=stale"])), NAME)).toBe("abc");
  });

  it("refuses a missing chunk as Malformed, a duplicate head or chunk as Duplicate, no head as Absent", () => {
    const out = lines(value(MAX_CHUNK_VALUE * 2));
    const p0 = pairOf(out[0]), p1 = pairOf(out[1]), p2 = pairOf(out[2]);
    readRefuses(header([p0, p2]), SessionErr.Malformed);
    readRefuses(header([p0, p1]), SessionErr.Malformed);
    readRefuses(header([p0, p1, p2, p1]), SessionErr.Duplicate);
    readRefuses(header([p0, p1, p2, NAME + "=1~x"]), SessionErr.Duplicate);
    readRefuses(header([p1, p2]), SessionErr.Absent);
    readRefuses("", SessionErr.Absent);
    readRefuses("oidc_session_other=1~x", SessionErr.Absent);
  });

  it("refuses a head without a valid frame as Malformed", () => {
    const heads: string[] = ["", "1", "~", "0~x", "9~x", "1x", "10~x", "a~x", "v1.abc", "~1x", "-1~x"];
    for (let i = 0; i < heads.length; i++) readRefuses(NAME + "=" + heads[i], SessionErr.Malformed);
    // The jar strips the optional quotes of RFC 6265 §4.1.1, as browsers send values either way.
    expect(readChunks(jarOf(NAME + "=\"1~x\""), NAME)).toBe("x");
  });

  it("refuses a chunk longer than MAX_CHUNK_VALUE as TooLarge", () => {
    readRefuses(NAME + "=1~" + repeat("a", MAX_CHUNK_VALUE - 1), SessionErr.TooLarge);
    expect(readChunks(jarOf(NAME + "=1~" + repeat("a", MAX_CHUNK_VALUE - 2)), NAME)!.length).toBe(MAX_CHUNK_VALUE - 2);
    readRefuses(header([NAME + "=2~a", NAME + ".1=" + repeat("b", MAX_CHUNK_VALUE + 1)]), SessionErr.TooLarge);
  });
});

describe("chunkCookies refuses bad input", () => {
  it("a value character outside cookie-octet, at its offset (BadValue)", () => {
    const bad: string[] = [" ", ";", ",", "\"", "\\", "\u007f", "\u00e9", "\n"];
    for (let i = 0; i < bad.length; i++) {
      const status = writeRefuses("abc" + bad[i], attrs(), SessionErr.BadValue);
      expect(status.offset).toBe(3);
    }
  });

  it("a bad name (BadName), on writing, clearing and reading", () => {
    const names: string[] = ["", "a b", "a=b", repeat("n", 129)];
    for (let i = 0; i < names.length; i++) {
      const status = new SessionStatus();
      expect(chunkCookies(names[i], "x", attrs(), null, status)).toBeNull();
      expect(status.err).toBe(SessionErr.BadName);
      expect(clearChunkedCookies(names[i], attrs(), null, status)).toBeNull();
      expect(status.err).toBe(SessionErr.BadName);
      expect(readChunks(new CookieJar(), names[i], status)).toBeNull();
      expect(status.err).toBe(SessionErr.BadName);
    }
  });

  it("attributes the Set-Cookie builder refuses (BadAttribute, with its reason)", () => {
    const a = attrs();
    a.path = "no-slash";
    expect(writeRefuses("x", a, SessionErr.BadAttribute).httpErr).toBe(HttpErr.BadAttribute);
    const host = attrs();
    host.domain = "example.com";
    const status = new SessionStatus();
    expect(chunkCookies("__Host-s", "x", host, null, status)).toBeNull();
    expect(status.err).toBe(SessionErr.BadAttribute);
    expect(status.httpErr).toBe(HttpErr.BadPrefix);
  });

  it("gives every chunk of a __Host- cookie the prefix and its rules", () => {
    const out = chunkCookies("__Host-s", value(MAX_CHUNK_VALUE + 10), attrs(), null)!;
    expect(out.length).toBe(2);
    expect(nameOf(out[1])).toBe("__Host-s.1");
  });
});
