import "./abi/abort";
import { get_config } from "./abi/http_handler";
const x = new Array<string>();
x.push("a" + x.length.toString());
export function handle_request(): i64 {
  __stack_pointer = __heap_base;
  return inner();
}
function inner(): i64 { const s = new Array<string>(); s.push("x"); return s.length + get_config(0,0); }
export function handle_response(reqCtx: i32, isError: i32): void {}
