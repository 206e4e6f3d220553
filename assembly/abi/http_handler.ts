// Raw imports of the http-wasm `http_handler` module, with their ABI names and types.
// No logic lives here: the http layer wraps these. Only functions the guest calls end up imported.

/** Header kinds (ABI §3.2). */
export const enum HeaderKind { Request = 0, Response = 1, RequestTrailers = 2, ResponseTrailers = 3 }
/** Body kinds (ABI §3.2). */
export const enum BodyKind { Request = 0, Response = 1 }
/** Feature bits for enable_features. */
export const enum Feature { BufferRequest = 1, BufferResponse = 2, Trailers = 4 }
/** Log levels; Traefik logs level+1 through zerolog. */
export const enum LogLevel { Debug = -1, Info = 0, Warn = 1, Error = 2, None = 3 }

/** `count << 32 | len`: NUL-terminated strings, len counts every byte including each NUL. */
export type CountLen = u64;
/** `eof << 32 | n`: n bytes were read; eof = 1 once the stream is finished. */
export type EofLen = u64;

@external("http_handler", "enable_features")
export declare function enable_features(features: u32): u32;
@external("http_handler", "get_config")
export declare function get_config(buf: usize, bufLimit: u32): u32;
@external("http_handler", "log_enabled")
export declare function log_enabled(level: i32): u32;
@external("http_handler", "log")
export declare function log(level: i32, msg: usize, msgLen: u32): void;
@external("http_handler", "get_method")
export declare function get_method(buf: usize, bufLimit: u32): u32;
@external("http_handler", "set_method")
export declare function set_method(ptr: usize, len: u32): void;
@external("http_handler", "get_uri")
export declare function get_uri(buf: usize, bufLimit: u32): u32;
@external("http_handler", "set_uri")
export declare function set_uri(ptr: usize, len: u32): void;
@external("http_handler", "get_protocol_version")
export declare function get_protocol_version(buf: usize, bufLimit: u32): u32;
@external("http_handler", "get_source_addr")
export declare function get_source_addr(buf: usize, bufLimit: u32): u32;
@external("http_handler", "get_header_names")
export declare function get_header_names(kind: u32, buf: usize, bufLimit: u32): CountLen;
@external("http_handler", "get_header_values")
export declare function get_header_values(kind: u32, name: usize, nameLen: u32, buf: usize, bufLimit: u32): CountLen;
@external("http_handler", "set_header_value")
export declare function set_header_value(kind: u32, name: usize, nameLen: u32, value: usize, valueLen: u32): void;
@external("http_handler", "add_header_value")
export declare function add_header_value(kind: u32, name: usize, nameLen: u32, value: usize, valueLen: u32): void;
@external("http_handler", "remove_header")
export declare function remove_header(kind: u32, name: usize, nameLen: u32): void;
@external("http_handler", "read_body")
export declare function read_body(kind: u32, buf: usize, bufLimit: u32): EofLen;
@external("http_handler", "write_body")
export declare function write_body(kind: u32, body: usize, bodyLen: u32): void;
@external("http_handler", "get_status_code")
export declare function get_status_code(): u32;
@external("http_handler", "set_status_code")
export declare function set_status_code(code: u32): void;
