// Error codes of the guest HTTP client, their stable names, and the status object every part of it reports on.
// An error is always a value: no response byte, URL or header a caller passes can make the client trap.

/** HttpClientErr says why an HTTP exchange failed. Values are stable. */
export const enum HttpClientErr {
  Ok = 0,
  /** The URL is not an absolute http URL the client can use (relative, malformed, another scheme). */
  BadUrl = 1,
  /** The URL is https and the client has no TLS configuration (no trust anchors): the call was not attempted,
   *  never made in plain text. */
  TlsNotConfigured = 2,
  /** The request cannot be sent as given: a method or header name that is not a token, a value with CR, LF, NUL
   *  or another control character, or a header the client sets itself (Host, Content-Length, Connection…). */
  BadRequest = 3,
  /** No connection: the name did not resolve, nothing listens there, no route, or the host refused a socket. */
  Connect = 4,
  /** A connect, write or read deadline passed (the read deadline covers the whole response). */
  Timeout = 5,
  /** The connection broke while sending or receiving, or closed before the response was complete. */
  Io = 6,
  /** The bytes received are not an HTTP/1.x response the client accepts (RFC 9112 framing rules). */
  BadResponse = 7,
  /** The response is larger than a limit: its total size, its header section, a chunk-size line. */
  TooLarge = 8,
  /** The TLS handshake failed: the detail names why (certificate, alert, protocol). */
  Tls = 9,
}

/** httpClientErrName returns the stable operator-facing name of e, such as "ERR_FETCH_TIMEOUT". */
export function httpClientErrName(e: HttpClientErr): string {
  switch (e) {
    case HttpClientErr.Ok: return "OK";
    case HttpClientErr.BadUrl: return "ERR_FETCH_BAD_URL";
    case HttpClientErr.TlsNotConfigured: return "ERR_FETCH_TLS_NOT_CONFIGURED";
    case HttpClientErr.BadRequest: return "ERR_FETCH_BAD_REQUEST";
    case HttpClientErr.Connect: return "ERR_FETCH_CONNECT";
    case HttpClientErr.Timeout: return "ERR_FETCH_TIMEOUT";
    case HttpClientErr.Io: return "ERR_FETCH_IO";
    case HttpClientErr.BadResponse: return "ERR_FETCH_BAD_RESPONSE";
    case HttpClientErr.TooLarge: return "ERR_FETCH_TOO_LARGE";
    case HttpClientErr.Tls: return "ERR_FETCH_TLS";
  }
  return "ERR_FETCH_UNKNOWN";
}

/**
 * HttpClientStatus carries the outcome of the last operation: `err` (Ok after success) and a `detail` for logs
 * that names what failed, such as `GET 10.0.0.5:8080/jwks: no complete response in 3000 ms`. Details never hold
 * a query string, a header value or a body: those may carry secrets. They are for operators, never for clients.
 */
export class HttpClientStatus {
  err: HttpClientErr = HttpClientErr.Ok;
  detail: string = "";

  /** fail records e with detail and returns false, so callers can `return this.fail(…)` from a bool function. */
  fail(e: HttpClientErr, detail: string): bool {
    this.err = e;
    this.detail = detail;
    return false;
  }

  /** ok records success and returns true. */
  ok(): bool {
    this.err = HttpClientErr.Ok;
    this.detail = "";
    return true;
  }
}
