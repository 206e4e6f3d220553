// A complete HTTP response as the client hands it over: status, fields and the whole body, already de-chunked.

import { utf8Decode } from "../encoding/utf8";
import { HttpHeaders } from "./headers";

/** HttpResponse is the final (non-1xx) response to one request. */
export class HttpResponse {
  /** The status code, 100..599 (never 1xx here: interim responses are skipped). */
  status: i32 = 0;
  /** The reason phrase, possibly empty; informational only (RFC 9112 §4). */
  reason: string = "";
  /** The minor version of HTTP/1.x the server answered with: 0 or 1 (a higher minor is kept as sent). */
  minorVersion: i32 = 1;
  /** How many interim (1xx) responses came before this one. */
  interim: i32 = 0;
  headers: HttpHeaders = new HttpHeaders();
  /** The body, decoded from its framing; empty for HEAD, 204 and 304. */
  body: Uint8Array = new Uint8Array(0);

  /** header returns the named field (any case), repeated lines combined with ", "; null when absent. */
  header(name: string): string | null {
    return this.headers.get(name);
  }

  /** bodyText returns the body as UTF-8 text, or null when it is not valid UTF-8. */
  bodyText(): string | null {
    return utf8Decode(this.body);
  }
}
