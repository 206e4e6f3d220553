// Sealed cookies: round trips, the exact layout, and every way openCookie must refuse: any single bit changed,
// a value moved to another cookie name or sealed under another key, expiry at its boundary, rotation (previous keys
// open and say so, never seal), limits at ±1 and malformed text, each with its reason code.
import { base64UrlDecodeString, base64UrlEncode } from "../../../assembly/encoding/base64";
import { SessionErr, sessionErrName, SessionStatus } from "../../../assembly/session/errors";
import {
  CookieKeys, MAX_COOKIE_PAYLOAD_BYTES, MAX_PREVIOUS_KEYS, MAX_SEALED_LENGTH, openCookie, OpenedCookie, sealCookie,
  sealedLength, SEALED_PREFIX,
} from "../../../assembly/session/sealed";
import { bytes, key, keysOf, pattern, repeat, text, toHex } from "./helpers";

const NAME = "__Host-oidc_session";
const IAT: i64 = 1_700_000_000;
const EXP: i64 = IAT + 3600;
const NOW: i64 = IAT + 60;

function sealed(keys: CookieKeys, payload: Uint8Array, name: string = NAME): string {
  const v = sealCookie(keys, name, payload, IAT, EXP);
  expect(v).not.toBeNull("sealCookie refused");
  return v!;
}

function refuses(keys: CookieKeys, name: string, value: string, now: i64, e: SessionErr): void {
  const status = new SessionStatus();
  expect(openCookie(keys, name, value, now, status)).toBeNull("opened " + value);
  expect(status.err).toBe(e, "expected " + sessionErrName(e) + ", got " + sessionErrName(status.err));
}

function opens(keys: CookieKeys, name: string, value: string, now: i64): OpenedCookie {
  const status = new SessionStatus();
  const opened = openCookie(keys, name, value, now, status);
  expect(opened).not.toBeNull("refused with " + sessionErrName(status.err));
  expect(status.err).toBe(SessionErr.Ok);
  return opened!;
}

function sealRefuses(name: string, payload: Uint8Array, iat: i64, exp: i64, e: SessionErr): void {
  const status = new SessionStatus();
  expect(sealCookie(keysOf(1), name, payload, iat, exp, status)).toBeNull();
  expect(status.err).toBe(e, "expected " + sessionErrName(e) + ", got " + sessionErrName(status.err));
}

describe("sealCookie and openCookie round trip", () => {
  it("opens what it sealed: payload, times, the current key", () => {
    const keys = keysOf(1);
    const lengths: i32[] = [0, 1, 2, 3, 15, 16, 17, 100, 600, 3000];
    for (let i = 0; i < lengths.length; i++) {
      const payload = pattern(lengths[i], i);
      const value = sealed(keys, payload);
      const opened = opens(keys, NAME, value, NOW);
      expect(toHex(opened.payload)).toBe(toHex(payload));
      expect(opened.issuedAt).toBe(IAT);
      expect(opened.expiresAt).toBe(EXP);
      expect(opened.keyIndex).toBe(0);
      expect(opened.stale).toBe(false);
    }
  });

  it("writes v1. then base64url of nonce, ciphertext of 16 bytes of times plus the payload, and tag", () => {
    const value = sealed(keysOf(1), bytes("hello"));
    expect(value.startsWith(SEALED_PREFIX)).toBe(true);
    expect(value.length).toBe(sealedLength(5));
    const raw = base64UrlDecodeString(value.substring(3))!;
    expect(raw.length).toBe(12 + 16 + 5 + 16);
    expect(text(raw).includes("hello")).toBe(false);
  });

  it("seals the same payload to different values (a fresh nonce each time)", () => {
    const keys = keysOf(1);
    expect(sealed(keys, bytes("same"))).not.toBe(sealed(keys, bytes("same")));
  });

  it("keeps negative and extreme times exactly", () => {
    const keys = keysOf(1);
    const v = sealCookie(keys, NAME, bytes("x"), i64.MIN_VALUE, i64.MAX_VALUE)!;
    const opened = opens(keys, NAME, v, 0);
    expect(opened.issuedAt).toBe(i64.MIN_VALUE);
    expect(opened.expiresAt).toBe(i64.MAX_VALUE);
  });
});

describe("openCookie refuses every change", () => {
  it("refuses every single-bit flip of the sealed bytes as Forged", () => {
    const keys = keysOf(1);
    const raw = base64UrlDecodeString(sealed(keys, bytes("uid=42;groups=a,b")).substring(3))!;
    for (let i = 0; i < raw.length * 8; i++) {
      raw[i >> 3] ^= <u8>(<i32>1 << (i & 7));
      refuses(keys, NAME, SEALED_PREFIX + base64UrlEncode(raw), NOW, SessionErr.Forged);
      raw[i >> 3] ^= <u8>(<i32>1 << (i & 7));
    }
    opens(keys, NAME, SEALED_PREFIX + base64UrlEncode(raw), NOW);
  });

  it("refuses every single-bit flip of every character of the value", () => {
    const keys = keysOf(1);
    const value = sealed(keys, bytes("uid=42"));
    let forged = 0, malformed = 0;
    for (let i = 0; i < value.length; i++) {
      for (let b = 0; b < 16; b++) {
        const c = value.charCodeAt(i) ^ (1 << b);
        const changed = value.substring(0, i) + String.fromCharCode(c) + value.substring(i + 1);
        const status = new SessionStatus();
        expect(openCookie(keys, NAME, changed, NOW, status)).toBeNull();
        if (status.err == SessionErr.Forged) forged++;
        else if (status.err == SessionErr.Malformed) malformed++;
      }
    }
    // Each flip is refused for one of the two reasons: a changed base64 digit, or text that is not the format.
    expect(forged + malformed).toBe(value.length * 16);
    expect(forged).toBeGreaterThan(0);
    expect(malformed).toBeGreaterThan(0);
  });

  it("refuses a value moved to another cookie name", () => {
    const keys = keysOf(1);
    const value = sealed(keys, bytes("login-state"), "oidc_state_a");
    refuses(keys, "oidc_state_b", value, NOW, SessionErr.Forged);
    refuses(keys, "OIDC_STATE_A", value, NOW, SessionErr.Forged);
    refuses(keys, "oidc_state_a.1", value, NOW, SessionErr.Forged);
    refuses(keys, NAME, value, NOW, SessionErr.Forged);
    opens(keys, "oidc_state_a", value, NOW);
  });

  it("refuses a value sealed by another middleware (another key) as Forged", () => {
    refuses(keysOf(2), NAME, sealed(keysOf(1), bytes("x")), NOW, SessionErr.Forged);
  });

  it("refuses at expiresAt and after, and opens one second before", () => {
    const keys = keysOf(1);
    const value = sealed(keys, bytes("x"));
    opens(keys, NAME, value, EXP - 1);
    refuses(keys, NAME, value, EXP, SessionErr.Expired);
    refuses(keys, NAME, value, EXP + 1, SessionErr.Expired);
    refuses(keys, NAME, value, i64.MAX_VALUE, SessionErr.Expired);
    // The tag is checked first: an expired value under another key is Forged, not Expired.
    refuses(keysOf(2), NAME, value, EXP, SessionErr.Forged);
  });

  it("refuses text that is not the format as Malformed", () => {
    const keys = keysOf(1);
    const value = sealed(keys, bytes("x"));
    const body = value.substring(3);
    const cases: string[] = [
      "", "v", "v1", "v1.", "v2." + body, "V1." + body, "v1" + body, body, "v1.." + body, "v1." + body + "=",
      "v1." + body + "A", "v1.+" + body.substring(1), "v1.\u00e9" + body, "v1." + body.substring(0, 58),
      "v1." + repeat("A", 58), // 58 characters are 43 bytes: one short of a nonce, the times and a tag
    ];
    for (let i = 0; i < cases.length; i++) refuses(keys, NAME, cases[i], NOW, SessionErr.Malformed);
  });

  it("refuses a value one character over MAX_SEALED_LENGTH as TooLarge, before reading it", () => {
    const keys = keysOf(1);
    refuses(keys, NAME, "v1." + repeat("A", MAX_SEALED_LENGTH - 2), NOW, SessionErr.TooLarge);
    refuses(keys, NAME, "v1." + repeat("A", MAX_SEALED_LENGTH - 3), NOW, SessionErr.Forged);
  });
});

describe("key rotation", () => {
  it("opens a value of a previous key, says which, and marks it stale", () => {
    const old = sealed(keysOf(1), bytes("from-before"));
    const rotated = keysOf(2, [9, 1]);
    const opened = opens(rotated, NAME, old, NOW);
    expect(opened.keyIndex).toBe(2);
    expect(opened.stale).toBe(true);
    expect(text(opened.payload)).toBe("from-before");
  });

  it("seals only with the current key: the result never opens under a previous key alone", () => {
    const rotated = keysOf(2, [1]);
    for (let i = 0; i < 20; i++) {
      const value = sealed(rotated, pattern(i * 7, i));
      refuses(keysOf(1), NAME, value, NOW, SessionErr.Forged);
      expect(opens(rotated, NAME, value, NOW).keyIndex).toBe(0);
      expect(opens(keysOf(2), NAME, value, NOW).keyIndex).toBe(0);
    }
  });

  it("re-sealing a stale cookie moves it to the current key", () => {
    const rotated = keysOf(2, [1]);
    const opened = opens(rotated, NAME, sealed(keysOf(1), bytes("p")), NOW);
    const resealed = sealCookie(rotated, NAME, opened.payload, opened.issuedAt, opened.expiresAt)!;
    expect(opens(rotated, NAME, resealed, NOW).keyIndex).toBe(0);
  });

  it("accepts MAX_PREVIOUS_KEYS previous keys and refuses one more, or any key not 32 bytes, as BadKey", () => {
    const prev: u8[] = [];
    for (let i = 0; i < MAX_PREVIOUS_KEYS; i++) prev.push(<u8>(10 + i));
    const oldest = sealed(keysOf(<u8>(10 + MAX_PREVIOUS_KEYS - 1)), bytes("old"));
    expect(opens(keysOf(1, prev), NAME, oldest, NOW).keyIndex).toBe(MAX_PREVIOUS_KEYS);
    prev.push(99);
    const status = new SessionStatus();
    expect(sealCookie(keysOf(1, prev), NAME, bytes("x"), IAT, EXP, status)).toBeNull();
    expect(status.err).toBe(SessionErr.BadKey);
    refuses(keysOf(1, prev), NAME, oldest, NOW, SessionErr.BadKey);
    const short = new CookieKeys(new Uint8Array(31));
    refuses(short, NAME, oldest, NOW, SessionErr.BadKey);
    const badPrev = new CookieKeys(key(1), [new Uint8Array(33)]);
    refuses(badPrev, NAME, oldest, NOW, SessionErr.BadKey);
  });
});

describe("sealCookie refuses", () => {
  it("a name that is not a token or is too long (BadName); the same names are refused by openCookie", () => {
    const names: string[] = ["", "a b", "a;b", "a=b", "\u00e9", repeat("n", 129)];
    for (let i = 0; i < names.length; i++) {
      sealRefuses(names[i], bytes("x"), IAT, EXP, SessionErr.BadName);
      refuses(keysOf(1), names[i], sealed(keysOf(1), bytes("x")), NOW, SessionErr.BadName);
    }
    opens(keysOf(1), repeat("n", 128), sealed(keysOf(1), bytes("x"), repeat("n", 128)), NOW);
  });

  it("expiresAt not after issuedAt (BadTimes)", () => {
    sealRefuses(NAME, bytes("x"), IAT, IAT, SessionErr.BadTimes);
    sealRefuses(NAME, bytes("x"), IAT, IAT - 1, SessionErr.BadTimes);
    expect(sealCookie(keysOf(1), NAME, bytes("x"), IAT, IAT + 1)).not.toBeNull();
  });

  it("a payload one byte over MAX_COOKIE_PAYLOAD_BYTES (TooLarge); at the limit it fits MAX_SEALED_LENGTH", () => {
    sealRefuses(NAME, new Uint8Array(MAX_COOKIE_PAYLOAD_BYTES + 1), IAT, EXP, SessionErr.TooLarge);
    const value = sealed(keysOf(1), pattern(MAX_COOKIE_PAYLOAD_BYTES));
    expect(value.length).toBeLessThanOrEqual(MAX_SEALED_LENGTH);
    expect(sealedLength(MAX_COOKIE_PAYLOAD_BYTES + 1)).toBeGreaterThan(MAX_SEALED_LENGTH);
    expect(opens(keysOf(1), NAME, value, NOW).payload.length).toBe(MAX_COOKIE_PAYLOAD_BYTES);
  });

  it("names every reason", () => {
    expect(sessionErrName(SessionErr.Forged)).toBe("ERR_COOKIE_FORGED");
    expect(sessionErrName(SessionErr.Malformed)).toBe("ERR_COOKIE_MALFORMED");
    expect(sessionErrName(SessionErr.Expired)).toBe("ERR_COOKIE_EXPIRED");
    expect(sessionErrName(SessionErr.TooLarge)).toBe("ERR_COOKIE_TOO_LARGE");
    expect(sessionErrName(SessionErr.PayloadTruncated)).toBe("ERR_PAYLOAD_TRUNCATED");
  });
});
