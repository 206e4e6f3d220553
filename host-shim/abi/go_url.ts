// The part of Go's net/url that set_uri and get_uri go through (traefik-wasm-host.md §3.3): url.ParseRequestURI,
// URL.EscapedPath and strconv.Quote for error texts. Strings here are byte strings (one char per byte, latin1).

/** The fields of *url.URL that host-go's SetURI copies onto the request (traefik-wasm-host.md §3.3). */
export interface GoRequestUrl {
  path: string;
  rawPath: string;
  rawQuery: string;
  forceQuery: boolean;
}

type Mode = "path" | "host" | "userinfo";

/** parseRequestURI is url.ParseRequestURI; it throws Go's `parse "<uri>": <reason>` text. */
export function parseRequestURI(raw: string): GoRequestUrl {
  try {
    return parse(raw);
  } catch (e) {
    throw new Error(`parse ${goQuote(raw)}: ${(e as Error).message}`);
  }
}

/** requestUriOf is host-go's GetURI: EscapedPath (or "/"), then `?` + RawQuery when ForceQuery or non-empty. */
export function requestUriOf(u: GoRequestUrl): string {
  const path = escapedPath(u) || "/";
  return u.forceQuery || u.rawQuery !== "" ? `${path}?${u.rawQuery}` : path;
}

function parse(raw: string): GoRequestUrl {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) throw new Error("net/url: invalid control character in URL");
  }
  if (raw === "") throw new Error("empty url");
  const url: GoRequestUrl = { path: "", rawPath: "", rawQuery: "", forceQuery: false };
  if (raw === "*") return { ...url, path: "*" };
  const [scheme, afterScheme] = splitScheme(raw);
  let rest = afterScheme;
  if (rest.endsWith("?") && rest.indexOf("?") === rest.length - 1) {
    url.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf("?");
    if (q >= 0) [rest, url.rawQuery] = [rest.slice(0, q), rest.slice(q + 1)];
  }
  if (!rest.startsWith("/")) {
    if (scheme !== "") return url; // rootless: Go keeps it as Opaque, so the path is empty
    throw new Error("invalid URI for request");
  }
  if (scheme !== "" && rest.startsWith("//")) {
    const slash = rest.indexOf("/", 2);
    parseAuthority(slash < 0 ? rest.slice(2) : rest.slice(2, slash));
    rest = slash < 0 ? "" : rest.slice(slash);
  }
  url.path = unescape(rest, "path");
  url.rawPath = escape(url.path) === rest ? "" : rest;
  return url;
}

function splitScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ["", raw];
      continue;
    }
    if (c === ":") {
      if (i === 0) throw new Error("missing protocol scheme");
      return [raw.slice(0, i).toLowerCase(), raw.slice(i + 1)];
    }
    return ["", raw];
  }
  return ["", raw];
}

// Go's parseAuthority and parseHost, for absolute-form URIs. IPv6 zone identifiers are checked as host bytes.
function parseAuthority(authority: string): void {
  const at = authority.lastIndexOf("@");
  const host = at < 0 ? authority : authority.slice(at + 1);
  const bracket = host.startsWith("[") ? host.lastIndexOf("]") : -2;
  if (bracket === -1) throw new Error("missing ']' in host");
  const colon = bracket >= 0 ? bracket + 1 : host.lastIndexOf(":");
  const colonPort = colon < 0 ? "" : host.slice(colon);
  if (colonPort !== "" && !/^:[0-9]*$/.test(colonPort)) throw new Error(`invalid port ${goQuote(colonPort)} after host`);
  unescape(host, "host");
  if (at < 0) return;
  const userinfo = authority.slice(0, at);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new Error("net/url: invalid userinfo");
  for (const part of userinfo.split(":", 2)) unescape(part, "userinfo");
}

function unescape(s: string, mode: Mode): string {
  let out = "";
  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    if (c === "%") {
      if (i + 2 >= s.length || !isHex(s[i + 1]!) || !isHex(s[i + 2]!)) {
        throw new Error(`invalid URL escape ${goQuote(s.slice(i, i + 3))}`);
      }
      if (mode === "host" && parseInt(s[i + 1]!, 16) < 8 && s.slice(i, i + 3) !== "%25") {
        throw new Error(`invalid URL escape ${goQuote(s.slice(i, i + 3))}`);
      }
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16));
      i += 3;
      continue;
    }
    if (mode === "host" && c.charCodeAt(0) < 0x80 && shouldEscape(c, "host")) {
      throw new Error(`invalid character ${goQuote(c)} in host name`);
    }
    out += c;
    i++;
  }
  return out;
}

// Go's URL.EscapedPath: RawPath when it is a valid encoding of Path, else Path escaped.
function escapedPath(u: GoRequestUrl): string {
  if (u.rawPath !== "" && validEncoded(u.rawPath)) {
    try {
      if (unescape(u.rawPath, "path") === u.path) return u.rawPath;
    } catch {
      // fall through to escaping Path, as Go does
    }
  }
  return u.path === "*" ? "*" : escape(u.path);
}

function escape(s: string): string {
  let out = "";
  for (const c of s) {
    const b = c.charCodeAt(0);
    out += shouldEscape(c, "path") ? `%${b.toString(16).toUpperCase().padStart(2, "0")}` : c;
  }
  return out;
}

function validEncoded(s: string): boolean {
  for (const c of s) if (!"!$&'()*+,;=:@[]%".includes(c) && shouldEscape(c, "path")) return false;
  return true;
}

function shouldEscape(c: string, mode: Mode): boolean {
  if (/^[a-zA-Z0-9]$/.test(c)) return false;
  if (mode === "host" && "!$&'()*+,;=:[]<>\"".includes(c)) return false;
  if ("-_.~".includes(c)) return false;
  if ("$&+,/:;=?@".includes(c) && mode === "path") return c === "?";
  return true;
}

function isHex(c: string): boolean {
  return /^[0-9a-fA-F]$/.test(c);
}

/** goQuote is strconv.Quote over a byte string: valid UTF-8 kept, other bytes and controls escaped. */
export function goQuote(bytes: string): string {
  const text = Buffer.from(bytes, "latin1");
  let out = '"';
  for (let i = 0; i < text.length; ) {
    const b = text[i]!;
    const n = b < 0x80 ? 1 : utf8SequenceLength(text, i);
    if (n === 0) {
      out += `\\x${b.toString(16).padStart(2, "0")}`;
      i++;
      continue;
    }
    out += n > 1 ? text.subarray(i, i + n).toString("utf8") : quoteAscii(b);
    i += n;
  }
  return out + '"';
}

const NAMED_ESCAPES: Record<number, string> = { 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r" };

function quoteAscii(b: number): string {
  if (b === 0x22) return '\\"';
  if (b === 0x5c) return "\\\\";
  if (NAMED_ESCAPES[b]) return NAMED_ESCAPES[b]!;
  if (b < 0x20 || b === 0x7f) return `\\x${b.toString(16).padStart(2, "0")}`;
  return String.fromCharCode(b);
}

// Length of a valid UTF-8 sequence at i, or 0 if the bytes there are not one.
function utf8SequenceLength(text: Buffer, i: number): number {
  const b = text[i]!;
  const n = b >= 0xf5 ? 0 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 ? 2 : 0;
  if (n === 0 || i + n > text.length) return 0;
  const decoded = text.subarray(i, i + n).toString("utf8");
  return decoded.includes("\ufffd") ? 0 : n;
}
