// Fuzzes the guest's HTTP parsers inside a real guest module (release build options). Every input must (1) never
// trap, and (2) agree with an independent reading: the RFC 6265 rules written out in http_oracles.ts for cookies,
// WHATWG URL for accepted URLs, URLSearchParams and decodeURIComponent for queries and escapes, and WHATWG URL
// resolution (also after repeated decoding) for every redirect target the guest accepts.
// FUZZ_RUNS (default 100000) random or mutated inputs go to each of cookies, URLs, queries and redirect targets, plus
// 30% more valid URLs and request targets; Set-Cookie, query building and percent-encoding get 20-30% each.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { describeInput, fromJson, fromUtf16, FUZZ_SEED, HttpFuzzGuest, runs, type Result } from "./http_guest.js";
import {
  buildSetCookie, compareWithWhatwg, decodeStrict, encodeComponent, encodeForm, encodePath, Http, parseCookies,
  queryPairs, redirectEscapes, type UrlParts,
} from "./http_oracles.js";
import {
  anyString, cookieHeaders, cookieLimits, percentTexts, queryPairsArb, queryTexts, redirectTargets, setCookieSpecs,
  urlTexts, validUrls,
} from "./http_arbitraries.js";

let guest: HttpFuzzGuest;
const codes = new Map<string, number>();
const enc = new TextEncoder();

before(async () => {
  guest = await HttpFuzzGuest.create("fuzz_http");
});

function fuzz<T>(area: string, name: string, share: number, arb: fc.Arbitrary<T>, check: (input: T) => number): void {
  const n = runs(share);
  test(`${area}: ${name} (${n} runs)`, () => {
    fc.assert(fc.property(arb, (input) => {
      let code: number;
      try {
        code = check(input);
      } catch (err) {
        const shown = typeof input === "string" || input instanceof Uint8Array ? describeInput(input) : JSON.stringify(input);
        throw new Error(`${(err as Error).message}\n  input ${shown}`);
      }
      codes.set(`${area}:${code}`, (codes.get(`${area}:${code}`) ?? 0) + 1);
    }), { numRuns: n, seed: FUZZ_SEED });
  });
}

const known = (r: Result): void => assert.ok(r.code >= 0 && r.code <= Http.BadHeader, `unknown code ${r.code}`);

fuzz("cookies", "CookieJar agrees with the RFC 6265 pair rules and its limits", 1,
  fc.tuple(cookieHeaders, cookieLimits), ([header, limits]) => {
    const r = guest.text("fuzz_cookie", header, limits.maxCookies, limits.maxLength, limits.maxCookieLength);
    assert.deepEqual(fromJson(r.output), parseCookies(header, limits));
    return r.code;
  });

fuzz("set-cookie", "SetCookie.build writes exactly the validated attributes or refuses", 0.3, setCookieSpecs, (spec) => {
  const r = guest.bytes("fuzz_set_cookie", enc.encode(JSON.stringify(spec)));
  const want = buildSetCookie(spec);
  assert.equal(r.code, want.code, "code");
  if (want.header !== undefined) {
    const header = fromUtf16(r.output);
    assert.equal(header, want.header);
    assert.ok(!/[\0-\x1f\x7f]/.test(header), "control character in the header");
  }
  return r.code;
});

function checkUrl(text: string, mode: number): number {
  const r = guest.text("fuzz_url", text, mode);
  known(r);
  if (r.code !== Http.Ok) return r.code;
  assert.ok(/^[\x21-\x7e]*$/.test(text), "accepted a character outside visible ASCII");
  const parts = fromJson(r.output) as UrlParts;
  const why = compareWithWhatwg(text, parts);
  assert.equal(why, null, `WHATWG URL disagrees: ${why}`);
  return r.code;
}

fuzz("url", "URLs built from valid parts parse to those parts", 0.3, validUrls, (u) => {
  const r = guest.text("fuzz_url", u.text, 0);
  assert.equal(r.code, Http.Ok, "rejected a valid URL");
  const { text: _text, ...want } = u;
  assert.deepEqual(fromJson(r.output), want);
  return checkUrl(u.text, 0);
});
fuzz("url", "mutated and random URLs: accepted ones agree with WHATWG URL", 0.7, urlTexts, (s) => checkUrl(s, 0));
fuzz("url", "request targets: accepted ones agree with WHATWG URL", 0.3, urlTexts.map((s) => "/" + s), (s) => checkUrl(s, 1));

fuzz("query", "QueryParams agrees with URLSearchParams wherever every escape decodes", 1, queryTexts, (s) => {
  const r = guest.text("fuzz_query", s);
  // URLSearchParams drops a leading "?"; a leading "&" is an empty piece for both parsers and keeps it.
  const want = queryPairs("&" + s);
  if (want === null) {
    assert.ok(r.code === Http.BadPercent || r.code === Http.BadUtf8, `code ${r.code} for an undecodable query`);
  } else {
    assert.equal(r.code, Http.Ok, "rejected a decodable query");
    assert.deepEqual(fromJson(r.output), want);
  }
  return r.code;
});

fuzz("query", "QueryBuilder writes what URLSearchParams.toString() writes", 0.2, queryPairsArb, (pairs) => {
  const r = guest.bytes("fuzz_query_build", enc.encode(JSON.stringify(pairs)));
  assert.equal(r.code, 0);
  assert.equal(fromUtf16(r.output), new URLSearchParams(pairs).toString());
  return r.code;
});

// The first failure percentDecode's scan meets: a broken escape, or a lone surrogate; else BadUtf8 from decoding.
function percentFailure(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && !/^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) return Http.BadPercent;
    if (c === 0x25) i += 2;
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    else if (c >= 0xd800 && c <= 0xdfff) return Http.BadUtf8;
  }
  return Http.BadUtf8;
}

fuzz("percent", "percentDecode agrees with decodeURIComponent", 0.3, percentTexts, (s) => {
  let code = 0;
  for (const plus of [1, 0]) {
    const r = guest.text("fuzz_percent", s, plus);
    const want = decodeStrict(plus ? s.replaceAll("+", " ") : s);
    if (want === null) assert.equal(r.code, percentFailure(s), "failure code");
    else assert.equal(fromUtf16(r.output), want);
    code = r.code;
  }
  return code;
});

fuzz("percent", "percentEncode agrees with encodeURIComponent, encodeURI and URLSearchParams", 0.2, anyString, (s) => {
  assert.equal(fromUtf16(guest.text("fuzz_percent", s, 2).output), encodeComponent(s), "Component");
  assert.equal(fromUtf16(guest.text("fuzz_percent", s, 3).output), encodePath(s), "Path");
  assert.equal(fromUtf16(guest.text("fuzz_percent", s, 4).output), encodeForm(s), "Form");
  return 0;
});

fuzz("redirect", "every accepted target stays on the origin, also after repeated decoding", 1, redirectTargets, (s) => {
  const r = guest.text("fuzz_redirect", s);
  known(r);
  if (r.code === Http.Ok) assert.equal(redirectEscapes(s), null);
  return r.code;
});

test("summary", (t) => {
  assert.equal(guest.unexpectedImports, 0, "the guest called an import other than http_handler.log");
  assert.deepEqual(guest.takeLogs(), [], "the guest logged (it logs only when aborting)");
  const summary = [...codes.entries()].sort().map(([k, n]) => `${k}=${n}`).join(" ");
  t.diagnostic(`${guest.calls} guest calls; results ${summary}; guest memory ${guest.memoryBytes() >> 10} KiB`);
  if (runs(1) >= 100000) {
    for (const key of ["cookies:0", "cookies:1", "cookies:2", "redirect:0", "redirect:15", "redirect:16", "url:0", "query:0",
      "query:12", "query:13", "set-cookie:0", "set-cookie:6", "set-cookie:7"]) {
      assert.ok(codes.has(key), `no input produced ${key}`);
    }
  }
});
