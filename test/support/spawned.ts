// A node program run as a user runs it (the traefik-shim command, make demo's script): its output collected, a
// line waited for under a deadline, its exit awaited.

import { spawn, type ChildProcess } from "node:child_process";

const DEADLINE_MS = 30_000;

export interface Exit { code: number | null; stdout: string; stderr: string }

export interface Spawned { child: ChildProcess; output(): string; exited: Promise<Exit> }

/** spawnNode runs `node script ...args` in cwd with env added to this process's environment. */
export function spawnNode(script: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Spawned {
  const child = spawn(process.execPath, [script, ...args], { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => { stdout += d.toString(); });
  child.stderr!.on("data", (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<Exit>((done) => child.once("close", (code) => done({ code, stdout, stderr })));
  return { child, output: () => stdout, exited };
}

/** waitForOutput resolves with pattern's first group once stdout shows it; rejects if the process exits first or time runs out. */
export async function waitForOutput(run: Spawned, pattern: RegExp, deadlineMs = DEADLINE_MS): Promise<string> {
  const deadline = Date.now() + deadlineMs;
  let gone = false;
  void run.exited.then(() => { gone = true; });
  for (;;) {
    const match = pattern.exec(run.output());
    if (match) return match[1];
    if (gone) throw new Error(`the program exited before printing ${pattern}: ${JSON.stringify(await run.exited)}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} before the deadline; stdout so far: ${run.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
