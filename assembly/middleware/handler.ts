// The middleware's request entry points. For now the guest passes every request on unchanged; the OIDC layers
// plug in here.

/** CTX_NEXT asks the host to call the next handler, with request context 0. */
const CTX_NEXT: i64 = 1;

/** handleRequest decides what happens to one request; it must return exactly 0 when not calling next (§2.5). */
export function handleRequest(): i64 {
  return CTX_NEXT;
}

/** handleResponse runs after the next handler when handleRequest asked for it. */
export function handleResponse(reqCtx: i32, isError: bool): void {}
