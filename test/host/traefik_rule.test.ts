// Router rules (host-shim/traefik/rule.ts): Traefik v3's grammar for Host, Path and PathPrefix, its matcher
// spellings, and its error texts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseRule, routeRequestOf, rulePriority } from "../../host-shim/traefik/rule.js";

function matches(rule: string, host: string, uri = "/"): boolean {
  return parseRule(rule)(routeRequestOf(host, uri));
}

test("&& binds tighter than ||, ! tighter than both, parentheses group", () => {
  const rule = "Host(`a.test`) || Host(`b.test`) && Path(`/x`)";
  assert.equal(matches(rule, "a.test", "/anything"), true);
  assert.equal(matches(rule, "b.test", "/x"), true);
  assert.equal(matches(rule, "b.test", "/y"), false);
  assert.equal(matches("(Host(`a.test`) || Host(`b.test`)) && Path(`/x`)", "a.test", "/y"), false);
  assert.equal(matches("!Host(`a.test`) && !(PathPrefix(`/p`) || Path(`/q`))", "c.test", "/r"), true);
  assert.equal(matches("!!Host(`a.test`)", "a.test"), true);
});

test("matchers are written as declared, lowercase, uppercase or capitalized; arguments `raw` or \"quoted\"", () => {
  for (const rule of ["Host(`a.test`)", "host(`a.test`)", "HOST(`a.test`)", "pathprefix(`/`) && Host(\"a.test\")", "Pathprefix(`/`)"]) {
    assert.equal(matches(rule, "a.test"), true, rule);
  }
  assert.throws(() => parseRule("hOsT(`a.test`)"), { message: "error while parsing rule hOsT(`a.test`): unsupported function: hOsT" });
});

test("Host ignores case, the port and a trailing dot; Path is exact, PathPrefix a prefix, both before the query", () => {
  assert.equal(matches("Host(`App.Test`)", "app.TEST:8080"), true);
  assert.equal(matches("Host(`app.test.`)", "app.test"), true);
  assert.equal(matches("Host(`app.test`)", "app.test."), true);
  assert.equal(matches("Host(`::1`)", "[::1]:8080"), true);
  assert.equal(matches("Host(`app.test`)", ""), false);
  assert.equal(matches("Path(`/a`)", "x", "/a?b=1"), true);
  assert.equal(matches("Path(`/a`)", "x", "/a/b"), false);
  assert.equal(matches("PathPrefix(`/a`)", "x", "/ab"), true);
});

test("refused rules read as in Traefik, and name what the shim lacks", () => {
  const refusals: [string, string][] = [
    ["Hots(`a`)", "unsupported function: Hots"],
    ["HostRegexp(`.*`)", "matcher HostRegexp is not supported by the shim (it serves Host, Path and PathPrefix)"],
    ["Host(`a`, `b`)", "error while adding rule Host: unexpected number of parameters; got 2, expected one of [1]"],
    ["Host()", "error while checking rule Host: no args for matcher Host"],
    ["Host(``)", "error while checking rule Host: empty args for matcher Host, []"],
    ["Path(`a`)", "error while adding rule Path: path \"a\" does not start with a '/'"],
    ["Host(`é.test`)", "error while adding rule Host: invalid value \"é.test\" for Host matcher, non-ASCII characters are not allowed"],
    ["Host(`a`) &&", "1:13: expected matcher name, found 'EOF'"],
    ["Host(`a`) Host(`b`)", "1:11: expected 'EOF', found name Host"],
    ["", "1:1: expected matcher name, found 'EOF'"],
  ];
  for (const [rule, cause] of refusals) assert.throws(() => parseRule(rule), { message: `error while parsing rule ${rule}: ${cause}` }, rule);
});

test("a router's default priority is its rule's length in bytes", () => {
  assert.equal(rulePriority("Host(`a.test`)"), 14);
  assert.equal(rulePriority("Path(`/é`)"), 11);
});
