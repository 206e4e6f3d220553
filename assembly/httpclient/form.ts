// Bodies and credentials for the token endpoint: application/x-www-form-urlencoded fields (WHATWG URL §5.2, the
// serialization RFC 6749 Appendix B asks for) and HTTP Basic client authentication (RFC 6749 §2.3.1).

import { base64Encode } from "../encoding/base64";
import { utf8Encode } from "../encoding/utf8";
import { percentEncode, PercentSet } from "../http/percent";

/** FORM_CONTENT_TYPE is the media type of a FormBody. */
export const FORM_CONTENT_TYPE: string = "application/x-www-form-urlencoded";

/**
 * FormBody collects name=value pairs in order and serializes them as `a=1&b=x+y`: every character but ALPHA,
 * DIGIT and `*-._` percent-encoded from its UTF-8 bytes, space as "+" (a lone surrogate as U+FFFD). Names may
 * repeat; nothing is sorted or merged.
 */
export class FormBody {
  private text: string = "";

  /** add appends one field and returns this, for chaining. */
  add(name: string, value: string): FormBody {
    const pair = percentEncode(name, PercentSet.Form) + "=" + percentEncode(value, PercentSet.Form);
    this.text = this.text.length == 0 ? pair : this.text + "&" + pair;
    return this;
  }

  /** toString returns the serialized body (ASCII only). */
  toString(): string {
    return this.text;
  }

  /** encode returns the serialized body as bytes, for HttpRequest.body. */
  encode(): Uint8Array {
    return utf8Encode(this.text);
  }
}

/**
 * basicAuthorization returns the Authorization value for client_secret_basic: `Basic ` and the base64 of
 * `id:secret`, each form-encoded first as RFC 6749 §2.3.1 requires (so a ":" in the id cannot shift the split).
 */
export function basicAuthorization(id: string, secret: string): string {
  const pair = percentEncode(id, PercentSet.Form) + ":" + percentEncode(secret, PercentSet.Form);
  return "Basic " + base64Encode(utf8Encode(pair));
}
