import { test } from "node:test";
import assert from "node:assert/strict";
import { compileGuest, compileWat } from "../support/guests.js";

test("fixture guests and WAT compile", async () => {
  const guest = await compileGuest("noop");
  assert.ok(WebAssembly.validate(guest));
  const wat = await compileWat(`(module (func (export "f") (result i32) i32.const 1))`);
  assert.ok(WebAssembly.validate(wat));
});
