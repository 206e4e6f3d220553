// Traefik's own log lines, as its setupLogger (cmd/traefik/logger.go) writes them with zerolog. `common` is zerolog's
// ConsoleWriter: `<RFC3339 time> <LVL> <message> error="…" key=value…`, the error field first and the others sorted;
// `json` is the zerolog event: {"level":…,<fields in order>,"time":…,"message":…}. Left out on purpose: colours (the
// shim never writes to a terminal it owns) and the caller Traefik adds at DEBUG (it would name shim files).

export type LogFormat = "common" | "json";
export type Fields = Record<string, string | string[]>;
export type LogSink = (line: string) => void;

// zerolog's levels: rank orders them, tag is ConsoleWriter's three letters.
const LEVELS = new Map([
  ["trace", { rank: -1, tag: "TRC" }],
  ["debug", { rank: 0, tag: "DBG" }],
  ["info", { rank: 1, tag: "INF" }],
  ["warn", { rank: 2, tag: "WRN" }],
  ["error", { rank: 3, tag: "ERR" }],
  ["fatal", { rank: 4, tag: "FTL" }],
  ["panic", { rank: 5, tag: "PNC" }],
]);
const ERROR_RANK = 3;
// A level zerolog does not name (a guest's out-of-range ABI level) is written whatever the threshold, tagged "???";
// its Disabled level writes nothing.
const UNNAMED = { rank: 6, tag: "???" };
const DISABLED = "disabled";

/** Logger writes Traefik-formatted lines at or above its level; `with` adds context fields, as zerolog's With(). */
export class Logger {
  constructor(
    private readonly sink: LogSink,
    private readonly minRank: number,
    private readonly format: LogFormat,
    private readonly context: Fields = {},
  ) {}

  with(fields: Fields): Logger {
    return new Logger(this.sink, this.minRank, this.format, { ...this.context, ...fields });
  }

  log(level: string, message: string, fields: Fields = {}): void {
    const known = LEVELS.get(level) ?? UNNAMED;
    if (level === DISABLED || known.rank < this.minRank) return;
    const all = { ...this.context, ...fields };
    const time = rfc3339(new Date());
    this.sink(this.format === "json" ? jsonLine(level, all, time, message) : consoleLine(known.tag, all, time, message));
  }

  debug(message: string, fields?: Fields): void { this.log("debug", message, fields); }
  info(message: string, fields?: Fields): void { this.log("info", message, fields); }
  warn(message: string, fields?: Fields): void { this.log("warn", message, fields); }
  error(message: string, fields?: Fields): void { this.log("error", message, fields); }
}

/**
 * createLogger reads `log.level` and `log.format` as Traefik does: level names case-insensitive, default ERROR, an
 * unknown level logged and replaced by ERROR; any format but `json` is the console format.
 */
export function createLogger(sink: LogSink, level: string | undefined, format: string | undefined): Logger {
  const name = (level || "error").toLowerCase();
  const known = LEVELS.get(name);
  const logger = new Logger(sink, known?.rank ?? ERROR_RANK, format === "json" ? "json" : "common");
  if (!known) logger.error("Unspecified or invalid log level, setting the level to default (ERROR)...", { logLevel: name });
  return logger;
}

function consoleLine(tag: string, fields: Fields, time: string, message: string): string {
  const names = Object.keys(fields).sort();
  const ordered = names.includes("error") ? ["error", ...names.filter((n) => n !== "error")] : names;
  const parts = [time, tag, message, ...ordered.map((n) => `${n}=${consoleValue(fields[n])}`)];
  return parts.filter((p) => p !== "").join(" ");
}

function consoleValue(value: string | string[]): string {
  if (Array.isArray(value)) return JSON.stringify(value);
  // zerolog's needsQuote: control characters, non-ASCII, space, backslash and double quote.
  return /[^\x21-\x7e]|["\\]/.test(value) ? JSON.stringify(value) : value;
}

function jsonLine(level: string, fields: Fields, time: string, message: string): string {
  return JSON.stringify({ level, ...fields, time, ...(message === "" ? {} : { message }) });
}

/** rfc3339 is Go's time.RFC3339 in the local zone: seconds, then `Z` or `±hh:mm`. */
function rfc3339(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 19);
  if (offset === 0) return `${local}Z`;
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${local}${offset > 0 ? "+" : "-"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
