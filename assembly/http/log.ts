// Leveled logging through http_handler.log. Traefik's log_enabled always answers 1 (traefik-wasm-host.md §3.3),
// so the guest filters by its own configured level before encoding anything.

import { log, LogLevel } from "../abi/http_handler";

let threshold: LogLevel = LogLevel.Error;

/** setLogLevel sets the lowest level that is written; LogLevel.None silences the guest. */
export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

export function logDebug(message: string): void { write(LogLevel.Debug, message); }
export function logInfo(message: string): void { write(LogLevel.Info, message); }
export function logWarn(message: string): void { write(LogLevel.Warn, message); }
export function logError(message: string): void { write(LogLevel.Error, message); }

/**
 * logDisabledCheck writes a warning that only logLevel "none" hides: a security check the operator switched off
 * (tlsSkipVerify) must show in a log kept at the default "error".
 */
export function logDisabledCheck(message: string): void {
  if (threshold != LogLevel.None) emit(LogLevel.Warn, message);
}

function write(level: LogLevel, message: string): void {
  if (level >= threshold && threshold != LogLevel.None) emit(level, message);
}

function emit(level: LogLevel, message: string): void {
  const bytes = String.UTF8.encode(message);
  log(level, changetype<usize>(bytes), <u32>bytes.byteLength);
}
