// `make demo` as a new user runs it: the URL and credentials it prints lead to a working login through the
// round-robin front, every request lands on a replica that knows the session, and Ctrl-C stops everything it
// started (its Redis included).

import assert from "node:assert/strict";
import net from "node:net";
import { resolve } from "node:path";
import { test } from "node:test";
import { freePort } from "../support/idp.js";
import { spawnNode, waitForOutput } from "../support/spawned.js";
import { UserAgent } from "../support/user_agent.js";

const DEMO = resolve("build", "js", "host-shim", "cli", "demo.js");

test("make demo: sign in with the printed credentials, stay signed in across both replicas, Ctrl-C stops everything", async (t) => {
  const port = await freePort();
  const run = spawnNode(DEMO, [], process.cwd(), { PORT: String(port) });
  t.after(async () => {
    if (run.child.exitCode === null) run.child.kill("SIGKILL");
    await run.exited;
  });
  const origin = await waitForOutput(run, /Open (http:\/\/127\.0\.0\.1:\d+)\/ and sign in/);
  const [login, password] = (await waitForOutput(run, /sign in as (\S+ \/ \S+)\./)).split(" / ");
  const redisPort = /sharing Redis on 127\.0\.0\.1:(\d+)/.exec(run.output())?.[1];

  const ua = new UserAgent();
  const { page } = await ua.login(`${origin}/hello`, { login, password });
  assert.equal(page.status, 200);
  for (let i = 0; i < 4; i++) {
    const next = await ua.navigate(`${origin}/again/${i}`);
    assert.equal(JSON.parse(next.body).headers["x-forwarded-user"], "alice@example.com", `request ${i}`);
  }

  run.child.kill("SIGINT");
  const exit = await run.exited;
  assert.equal(exit.code, 0, exit.stderr);
  if (redisPort !== undefined) assert.equal(await accepts(Number(redisPort)), false, "the demo's Redis is stopped");
  assert.equal(await accepts(port), false, "the front is closed");
});

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => { s.destroy(); done(true); });
    s.once("error", () => done(false));
  });
}
