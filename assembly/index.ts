// The module's exports, and nothing else: _initialize (this file's top level, via --exportStart), handle_request
// and handle_response. Each export resets the shadow stack and delegates.

import "./abi/abort";
import { log, LogLevel } from "./abi/http_handler";
import { resetShadowStack } from "./abi/shadow_stack";
import { setLogLevel } from "./http/log";
import { Config, loadConfig } from "./middleware/config";
import { handleRequest, handleResponse, initHandler } from "./middleware/handler";

initialize();

/** handle_request: called by the host for every request. */
export function handle_request(): i64 {
  resetShadowStack();
  return handleRequest();
}

/** handle_response: called after the next handler when handle_request returned a non-zero low word. */
export function handle_response(reqCtx: i32, isError: i32): void {
  resetShadowStack();
  handleResponse(reqCtx, isError != 0);
}

// Runs once per instance. A bad configuration traps here, which makes Traefik refuse to build the middleware and
// show this message on the router (traefik-wasm-host.md §2.7, §6.3) instead of serving traffic unchecked.
function initialize(): void {
  const config = new Config();
  const error = loadConfig(config);
  if (error !== null) {
    const message = String.UTF8.encode(error.toString());
    log(LogLevel.Error, changetype<usize>(message), <u32>message.byteLength);
    unreachable();
  }
  setLogLevel(config.logLevel);
  initHandler(config);
}
