// The one buffer every ABI read goes through first (the tinygo guest's ReadBuf). The host returns a value's length
// and writes it only if it fits (traefik-wasm-host.md §3.1), so a longer value costs a second call into a buffer
// of exactly its size. Sharing is safe: a guest instance runs one call at a time and copies values out at once.

/** SCRATCH_SIZE fits every ordinary method, URI and header value. */
export const SCRATCH_SIZE: u32 = 2048;
/**
 * MAX_READ_BYTES bounds one value read from the host: Go's http.DefaultMaxHeaderBytes, which Traefik's
 * entrypoints use, caps a whole request head at 1 MiB, so nothing longer can arrive.
 */
export const MAX_READ_BYTES: u32 = 1 << 20;
/** SCRATCH is static memory, never moved or freed, so its address can go to the host at any time. */
export const SCRATCH: usize = memory.data(<i32>SCRATCH_SIZE);
