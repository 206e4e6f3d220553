// How a TLS failure is recorded: the alert this client owes the server (RFC 8446 §6.2) and a detail an operator
// can act on. The first failure wins: later ones are consequences, and would hide the cause.

/** NO_ALERT marks a failure after which no alert is sent: the server sent one, or the connection is gone. */
export const NO_ALERT: i32 = -1;

/**
 * TlsStatus is the outcome of a TLS connection so far. Once failed, it stays failed with the first cause:
 * `alert` is the description to send (or NO_ALERT) and `detail` says what went wrong, such as "bad Finished".
 */
export class TlsStatus {
  failed: bool = false;
  alert: i32 = NO_ALERT;
  detail: string = "";

  /** fail records the failure unless one is already recorded, and returns false for `return status.fail(…)`. */
  fail(alert: i32, detail: string): bool {
    if (!this.failed) {
      this.failed = true;
      this.alert = alert;
      this.detail = detail;
    }
    return false;
  }
}

/** printableText shows peer- or operator-supplied text in a detail: printable ASCII only, at most 64 characters. */
export function printableText(s: string): string {
  let out = "";
  for (let i = 0; i < s.length && i < 64; i++) {
    const c = s.charCodeAt(i);
    out += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : "?";
  }
  return out;
}
