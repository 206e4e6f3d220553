// Router rules: the part of Traefik v3's rule language the shim serves (pkg/muxer/http, pkg/rules): the matchers
// Host, Path and PathPrefix, combined with &&, || and ! and grouped with parentheses; arguments are Go string
// literals, `raw` or "quoted". A rule using anything else is an error, which puts its router in error (not served),
// as Traefik does with an invalid rule; the message names what the shim lacks. Other errors keep Traefik's words.

export interface RouteRequest {
  /** The request's host, lowercased and without its port (Traefik's canonized host). */
  host: string;
  /** The request-target's path, without the query. */
  path: string;
}

export type Matcher = (req: RouteRequest) => boolean;

const MATCHERS: Record<string, (value: string) => Matcher> = {
  Host: hostMatcher,
  Path: pathMatcher,
  PathPrefix: pathPrefixMatcher,
};
// The other matchers of Traefik v3 (pkg/muxer/http/matcher.go), told apart from names Traefik does not know either.
const NOT_IN_SHIM = ["ClientIP", "Method", "HostRegexp", "PathRegexp", "Header", "HeaderRegexp", "Query", "QueryRegexp"];

type TokenKind = "name" | "string" | "(" | ")" | "," | "&&" | "||" | "!" | "EOF";
interface Token { kind: TokenKind; text: string; column: number }

/** parseRule compiles a rule; throws "error while parsing rule <rule>: <cause>" when Traefik or the shim refuses it. */
export function parseRule(rule: string): Matcher {
  try {
    const parser = new RuleParser(tokenize(rule));
    const matcher = parser.disjunction();
    parser.expect("EOF");
    return matcher;
  } catch (err) {
    throw new Error(`error while parsing rule ${rule}: ${(err as Error).message}`);
  }
}

/** rulePriority is a router's default priority in Traefik v3: its rule's length in bytes. */
export function rulePriority(rule: string): number {
  return Buffer.byteLength(rule);
}

/** routeRequestOf is what rules look at: the Host header without port, lowercased (Go's SplitHostPort), and the path. */
export function routeRequestOf(hostHeader: string, uri: string): RouteRequest {
  const hostPort = /^(?:\[([^\]]*)\]|([^:[\]]*)):\d*$/.exec(hostHeader);
  const host = hostPort ? hostPort[1] ?? hostPort[2] : hostHeader;
  return { host: host.toLowerCase(), path: uri.split("?")[0] };
}

// Recursive descent with Go's precedence: ! binds tightest, then &&, then ||.
class RuleParser {
  private at = 0;

  constructor(private readonly tokens: Token[]) {}

  disjunction(): Matcher {
    let left = this.conjunction();
    while (this.accept("||")) {
      const [l, r] = [left, this.conjunction()];
      left = (req) => l(req) || r(req);
    }
    return left;
  }

  expect(kind: TokenKind): Token {
    const token = this.tokens[this.at];
    if (token.kind !== kind) throw new Error(`1:${token.column}: expected ${describe(kind)}, found ${describe(token.kind, token.text)}`);
    this.at++;
    return token;
  }

  private conjunction(): Matcher {
    let left = this.negation();
    while (this.accept("&&")) {
      const [l, r] = [left, this.negation()];
      left = (req) => l(req) && r(req);
    }
    return left;
  }

  private negation(): Matcher {
    if (!this.accept("!")) return this.operand();
    const inner = this.negation();
    return (req) => !inner(req);
  }

  private operand(): Matcher {
    if (this.accept("(")) {
      const inner = this.disjunction();
      this.expect(")");
      return inner;
    }
    const name = this.expect("name").text;
    this.expect("(");
    const args: string[] = [];
    if (!this.accept(")")) {
      do args.push(this.expect("string").text); while (this.accept(","));
      this.expect(")");
    }
    return matcherFor(name, args);
  }

  private accept(kind: TokenKind): boolean {
    if (this.tokens[this.at].kind !== kind) return false;
    this.at++;
    return true;
  }
}

function matcherFor(name: string, args: string[]): Matcher {
  const spelledAs = (m: string) => spellings(m).includes(name);
  const matcher = Object.keys(MATCHERS).find(spelledAs);
  if (!matcher) {
    const other = NOT_IN_SHIM.find(spelledAs);
    if (other) throw new Error(`matcher ${other} is not supported by the shim (it serves Host, Path and PathPrefix)`);
    throw new Error(`unsupported function: ${name}`);
  }
  if (args.length === 0) throw new Error(`error while checking rule ${matcher}: no args for matcher ${matcher}`);
  if (args.includes("")) throw new Error(`error while checking rule ${matcher}: empty args for matcher ${matcher}, [${args.join(" ")}]`);
  if (args.length !== 1) {
    throw new Error(`error while adding rule ${matcher}: unexpected number of parameters; got ${args.length}, expected one of [1]`);
  }
  try {
    return MATCHERS[matcher](args[0]);
  } catch (err) {
    throw new Error(`error while adding rule ${matcher}: ${(err as Error).message}`);
  }
}

// pkg/rules registers each matcher as written, lowercased, uppercased and strings.Title of the lowercase.
function spellings(name: string): string[] {
  const lower = name.toLowerCase();
  return [name, lower, name.toUpperCase(), lower[0].toUpperCase() + lower.slice(1)];
}

function hostMatcher(value: string): Matcher {
  if (/[^\x00-\x7f]/.test(value)) throw new Error(`invalid value ${JSON.stringify(value)} for Host matcher, non-ASCII characters are not allowed`);
  const host = value.toLowerCase();
  // A trailing dot (a fully qualified name) matches either way, on the rule's side or the request's.
  return (req) => req.host !== "" && (req.host === host || `${req.host}.` === host || req.host === `${host}.`);
}

function pathMatcher(value: string): Matcher {
  mustBeAbsolute(value);
  return (req) => req.path === value;
}

function pathPrefixMatcher(value: string): Matcher {
  mustBeAbsolute(value);
  return (req) => req.path.startsWith(value);
}

function mustBeAbsolute(path: string): void {
  if (!path.startsWith("/")) throw new Error(`path ${JSON.stringify(path)} does not start with a '/'`);
}

function tokenize(rule: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(&&|\|\||[()!,])|([A-Za-z_][A-Za-z0-9_]*)|(`[^`]*`|"(?:[^"\\\n]|\\.)*")|(\S))/y;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < rule.length && (match = pattern.exec(rule))) {
    const column = match.index + match[0].length - (match[1] ?? match[2] ?? match[3] ?? match[4] ?? "").length + 1;
    if (match[1]) tokens.push({ kind: match[1] as TokenKind, text: match[1], column });
    else if (match[2]) tokens.push({ kind: "name", text: match[2], column });
    else if (match[3]) tokens.push({ kind: "string", text: goString(match[3], column), column });
    else if (match[4]) throw new Error(`1:${column}: illegal character ${JSON.stringify(match[4])}`);
  }
  tokens.push({ kind: "EOF", text: "", column: rule.length + 1 });
  return tokens;
}

// A Go string literal: raw strings as they are; interpreted ones through JSON, whose escapes Go shares (\n, \t,
// \", \\, \uXXXX); Go-only escapes (\x41, \101, \a) are refused rather than misread.
function goString(literal: string, column: number): string {
  if (literal.startsWith("`")) return literal.slice(1, -1);
  try {
    return JSON.parse(literal) as string;
  } catch {
    throw new Error(`1:${column}: string literal ${literal}: escape not supported by the shim`);
  }
}

function describe(kind: TokenKind, text = ""): string {
  if (kind === "name") return text ? `name ${text}` : "matcher name";
  if (kind === "string") return text ? `string ${JSON.stringify(text)}` : "string literal";
  return `'${kind}'`;
}
