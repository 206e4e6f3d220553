// Files under settings.mounts through both WASI personalities (traefik-wasm-host.md §4.2 "preopens", §5.8), raw
// call by raw call and through the guest's readFile (assembly/sys/files.ts). The fixture guests run a script from
// the request body and answer one line per operation (test/fixtures/guests/files_probe.ts).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadMiddleware, type LoadOptions, type Middleware } from "../../host-shim/index.js";
import { compileGuest } from "../support/guests.js";
import { send, serveMiddleware, untilIdle } from "../support/http.js";

// Errnos and flags, written out as preview1 numbers.
const EBADF = 8, EISDIR = 31, ELOOP = 32, ENOENT = 44, ENOSYS = 52, ENOTDIR = 54, ENOTSUP = 58, EPERM = 63;
const ENOTCAPABLE = 76;
const O_CREAT = 1, O_DIRECTORY = 2, O_TRUNC = 8, FOLLOW = 1;
const READ = 2, SEEK = 4, TELL = 32, WRITE = 64, PATH_OPEN = 8192, FILESTAT = 2097152;
const REGULAR_FILE = 4, DIRECTORY = 3;

let root: string;
let ro: string;
let outside: string;
const big = randomBytes(10_000); // more than readFile's first 4 KiB chunk

before(() => {
  root = mkdtempSync(join(tmpdir(), "files-"));
  ro = mkdtempSync(join(tmpdir(), "files-ro-"));
  outside = mkdtempSync(join(tmpdir(), "files-outside-"));
  writeFileSync(join(root, "a.txt"), "alpha\n");
  writeFileSync(join(root, "empty"), "");
  writeFileSync(join(root, "big.bin"), big);
  mkdirSync(join(root, "sub"));
  writeFileSync(join(root, "sub", "b.txt"), "bravo\n");
  writeFileSync(join(outside, "secret.txt"), "outside the mount\n");
  symlinkSync(join(outside, "secret.txt"), join(root, "link.txt"));
  writeFileSync(join(ro, "c.txt"), "charlie\n");
});
after(() => {
  for (const dir of [root, ro, outside]) rmSync(dir, { recursive: true, force: true });
});

/** The two personalities, each with the mounts it accepts: wazero maps the `:ro` one to /ro, wasi-go cannot. */
const personalities = [
  { name: "wazero", guest: "files_probe", mounts: () => [root, `${ro}:/ro:ro`], roGuest: () => "/ro", writeRefused: ENOSYS },
  { name: "wasi-go", guest: "files_probe_sockets", mounts: () => [root, `${ro}:ro`], roGuest: () => ro, writeRefused: ENOTCAPABLE },
] as const;

type Probe = (typeof personalities)[number];

/** script runs the lines in one request on a fresh middleware and returns the answer lines. */
async function script(p: Probe, lines: string[], options: LoadOptions = {}): Promise<string[]> {
  const mw = await loadMiddleware(await compileGuest(p.guest), { settings: { mounts: p.mounts() }, ...options });
  try {
    return await request(mw, lines);
  } finally {
    await mw.close();
  }
}

async function request(mw: Middleware, lines: string[]): Promise<string[]> {
  const server = await serveMiddleware(mw, "http://127.0.0.1:9");
  try {
    const reply = await send(server.url, { method: "POST", body: lines.join("\n") });
    assert.equal(reply.status, 200, `the guest answered ${reply.status}: ${reply.body.toString()}`);
    return reply.body.toString().split("\n");
  } finally {
    await server.close();
  }
}

const ok = (bytes: Uint8Array | string): string => `ok ${Buffer.from(bytes).toString("base64")}`;
const data = (text: string): string => `data ${Buffer.from(text).toString("base64")}`;
const open = (dirfd: number, path: string, oflags = 0, rights = READ, lookup = FOLLOW, inheriting = 0): string =>
  `open ${dirfd} ${path} ${oflags} ${rights} ${lookup} 0 ${inheriting}`;

for (const p of personalities) {
  describe(`${p.name}: files under settings.mounts`, () => {
    test("the probe gets this personality", async () => {
      const mw = await loadMiddleware(await compileGuest(p.guest));
      await mw.close();
      assert.equal(mw.personality, p.name);
    });

    test("readFile returns a mounted file byte for byte, small, binary past the first chunk, and empty", async () => {
      const got = await script(p, [`readfile ${root}/a.txt 1024`, `readfile ${root}/big.bin 20000`, `readfile ${root}/empty 0`]);
      assert.deepEqual(got, [ok("alpha\n"), ok(big), ok("")]);
    });

    test("readFile reads a nested path, with . and .. resolved in the path's text", async () => {
      const got = await script(p, [`readfile ${root}/sub/b.txt 100`, `readfile ${root}/sub/.././sub//b.txt 100`]);
      assert.deepEqual(got, [ok("bravo\n"), ok("bravo\n")]);
    });

    test("readFile reads the :ro mount under its guest path", async () => {
      assert.deepEqual(await script(p, [`readfile ${p.roGuest()}/c.txt 100`]), [ok("charlie\n")]);
    });

    test("readFile names each cause after the path", async () => {
      const got = await script(p, [
        `readfile ${root}/missing.txt 100`, `readfile ${root}/a.txt 5`, `readfile ${root}/a.txt 6`,
        `readfile ${root}/sub 100`, `readfile ${root} 100`, "readfile etc/passwd 100", "readfile /etc/passwd 100",
        `readfile ${root}/../x 100`, `readfile ${root}/a.txt/x 100`,
      ]);
      assert.deepEqual(got, [
        `err ${root}/missing.txt: no such file`,
        `err ${root}/a.txt: larger than 5 bytes`,
        ok("alpha\n"),
        `err ${root}/sub: is a directory`,
        `err ${root}: is a mounted directory, not a file`,
        "err etc/passwd: not an absolute path",
        `err /etc/passwd: not under any mounted directory (mounted: ${root}, ${p.roGuest()})`,
        `err ${root}/../x: not under any mounted directory (mounted: ${root}, ${p.roGuest()})`,
        `err ${root}/a.txt/x: a component of the path is not a directory`,
      ]);
    });

    test("readFile without any mount says none is mounted", async () => {
      assert.deepEqual(await script(p, ["readfile /etc/hostname 100"], { settings: { mounts: [] } }),
        ["err /etc/hostname: not under any mounted directory (none is mounted: list one in the plugin's settings.mounts)"]);
    });

    test("readFile reads the system CA bundle from a mounted /etc/ssl/certs, when the machine has one", async (t) => {
      const bundle = "/etc/ssl/certs/ca-certificates.crt";
      if (!existsSync(bundle)) return t.skip(`${bundle} is absent`);
      const got = await script(p, [`readfile ${bundle} ${16 << 20}`], { settings: { mounts: ["/etc/ssl/certs"] } });
      assert.deepEqual(got, [ok(readFileSync(bundle))]);
    });

    test("path_open: a missing file is ENOENT, a file used as a directory ENOTDIR, an unknown dirfd EBADF", async () => {
      const got = await script(p, [open(3, "missing.txt"), open(3, "a.txt/x"), open(9, "a.txt")]);
      assert.deepEqual(got, [`errno ${ENOENT}`, `errno ${ENOTDIR}`, `errno ${EBADF}`]);
    });

    test("path_open refuses an absolute path or one climbing out of its directory with EPERM", async () => {
      const got = await script(p, [open(3, "/etc/passwd"), open(3, "../x"), open(3, ".."), open(3, "sub/../../x"),
        open(3, "sub/../a.txt"), "close 5"]);
      assert.deepEqual(got, [`errno ${EPERM}`, `errno ${EPERM}`, `errno ${EPERM}`, `errno ${EPERM}`, "fd 5", "errno 0"]);
    });

    test("a symlink out of the mount is followed, as both hosts follow it, unless lookupflags drop SYMLINK_FOLLOW", async () => {
      const got = await script(p, [open(3, "link.txt"), "read 5 100", "close 5", open(3, "link.txt", 0, READ, 0)]);
      assert.deepEqual(got, ["fd 5", data("outside the mount\n"), "errno 0", `errno ${ELOOP}`]);
    });

    test("file fds come after the two mounts, lowest free first: a closed number is the next one reused", async () => {
      const got = await script(p, [
        open(3, "a.txt"), open(3, "sub/b.txt"), "close 5", open(4, "c.txt"), "read 5 100", "read 6 100",
        "close 5", "close 6", "close 6", "close 3",
      ]);
      assert.deepEqual(got, ["fd 5", "fd 6", "errno 0", "fd 5", data("charlie\n"), data("bravo\n"),
        "errno 0", "errno 0", `errno ${EBADF}`, `errno ${ENOTSUP}`]);
    });

    test("reads go on from where the last one stopped, and end with an empty read", async () => {
      const got = await script(p, [open(3, "a.txt"), "read 5 3", "read 5 100", "read 5 100", "close 5"]);
      assert.deepEqual(got, ["fd 5", data("alp"), data("ha\n"), data(""), "errno 0"]);
    });

    test("fd_seek, fd_tell and fd_pread move and keep the offset as lseek and pread do", async () => {
      const got = await script(p, [
        open(3, "a.txt", 0, READ | SEEK | TELL | FILESTAT), "seek 5 2 0", "read 5 3", "tell 5", "seek 5 -1 2",
        "read 5 10", "pread 5 2 0", "tell 5", "seek 5 -10 1", "seek 5 0 3", "close 5",
      ]);
      assert.deepEqual(got, ["fd 5", "offset 2", data("pha"), "offset 5", "offset 5", data("\n"), data("al"),
        "offset 6", "errno 28", "errno 28", "errno 0"]);
    });

    test("fd_filestat_get gives the file's type and size; a mount is a directory", async () => {
      const got = await script(p, [open(3, "big.bin", 0, READ | FILESTAT), "filestat 5", "filestat 3", "close 5"]);
      assert.equal(got[1], `filetype ${REGULAR_FILE} size ${big.length}`);
      assert.match(got[2], new RegExp(`^filetype ${DIRECTORY} size \\d+$`));
    });

    test("a directory opens with O_DIRECTORY, serves as dirfd, and reads as EISDIR", async () => {
      // wasi-go hands a file below the directory only the rights the directory inherits.
      const got = await script(p, [open(3, "sub", O_DIRECTORY, READ | PATH_OPEN, FOLLOW, READ), open(5, "b.txt"), "read 6 100",
        "read 5 10", open(3, "a.txt", O_DIRECTORY), "fdstat 5"]);
      assert.deepEqual(got.slice(0, 5), ["fd 5", "fd 6", data("bravo\n"), `errno ${EISDIR}`, `errno ${ENOTDIR}`]);
      assert.match(got[5], new RegExp(`^filetype ${DIRECTORY} `));
    });

    test("nothing is written: write rights, O_CREAT and O_TRUNC are refused as on a :ro mount, on both mounts", async () => {
      const got = await script(p, [
        open(4, "c.txt", 0, READ | WRITE), open(4, "new.txt", O_CREAT), open(4, "c.txt", O_TRUNC),
        open(3, "a.txt", 0, READ | WRITE), open(3, "new.txt", O_CREAT), open(3, "a.txt", O_TRUNC),
        open(4, "c.txt"), "write 5 overwritten", "read 5 100",
      ]);
      const refused = `errno ${p.writeRefused}`;
      assert.deepEqual(got.slice(0, 6), Array(6).fill(refused));
      assert.deepEqual(got.slice(6), ["fd 5", `errno ${p.name === "wazero" ? EBADF : ENOTCAPABLE}`, data("charlie\n")]);
      assert.equal(readFileSync(join(ro, "c.txt"), "utf8"), "charlie\n");
      assert.equal(readFileSync(join(root, "a.txt"), "utf8"), "alpha\n");
      assert.equal(existsSync(join(root, "new.txt")) || existsSync(join(ro, "new.txt")), false);
    });
  });
}

describe("wazero: per-instance files", () => {
  const [wazero] = personalities;

  test("wazero ignores rights: a file opened for FD_READ alone still seeks and stats", async () => {
    const got = await script(wazero, [open(3, "a.txt"), "seek 5 1 0", "filestat 5", "fdstat 5"]);
    assert.deepEqual(got.slice(0, 3), ["fd 5", "offset 1", `filetype ${REGULAR_FILE} size 6`]);
    assert.match(got[3], new RegExp(`^filetype ${REGULAR_FILE} flags 0 base \\d+ inheriting 0$`));
    assert.notEqual(BigInt(got[3].split(" ")[5]) & BigInt(WRITE), 0n, "wazero reports its fixed file rights, write included");
  });

  test("a directory refuses seek and tell with EISDIR, and a write-mode directory open is EISDIR", async () => {
    const got = await script(wazero, [open(3, "sub", O_DIRECTORY), "seek 5 0 0", "tell 5", open(4, ".", O_DIRECTORY, READ | WRITE)]);
    assert.deepEqual(got, ["fd 5", `errno ${EISDIR}`, `errno ${EISDIR}`, `errno ${EISDIR}`]);
  });

  test("an fd belongs to the instance that opened it and survives its requests", async () => {
    const mw = await loadMiddleware(await compileGuest(wazero.guest), { settings: { mounts: wazero.mounts() }, poolDrop: 0 });
    try {
      assert.deepEqual(await request(mw, [open(3, "a.txt"), "read 5 2"]), ["fd 5", data("al")]);
      await untilIdle(mw);
      assert.deepEqual(await request(mw, ["read 5 100", "close 5"]), [data("pha\n"), "errno 0"]);
    } finally {
      await mw.close();
    }
  });
});

describe("wasi-go: files share the fd table with sockets", () => {
  const [, wasiGo] = personalities;

  test("wasi-go enforces rights: without FD_SEEK or FD_FILESTAT_GET those calls are ENOTCAPABLE", async () => {
    const got = await script(wasiGo, [open(3, "a.txt"), "seek 5 1 0", "filestat 5", "tell 5", "pread 5 2 0", "fdstat 5",
      open(5, "x"), open(3, "a.txt", 0, 2 ** 30)]);
    assert.deepEqual(got.slice(0, 5), ["fd 5", ...Array(4).fill(`errno ${ENOTCAPABLE}`)]);
    assert.equal(got[5], `filetype ${REGULAR_FILE} flags 0 base ${READ} inheriting 0`, "the rights path_open granted");
    assert.deepEqual(got.slice(6), [`errno ${ENOTCAPABLE}`, "fd 6"], "no PATH_OPEN on a file; bits past 30 are dropped");
  });

  test("a directory opened with O_DIRECTORY loses FD_SEEK, and the :ro mount has no write rights to hand down", async () => {
    const got = await script(wasiGo, [open(3, "sub", O_DIRECTORY, READ | SEEK | PATH_OPEN), "seek 5 0 0", "fdstat 4", "fdstat 3"]);
    assert.deepEqual(got.slice(0, 2), ["fd 5", `errno ${ENOTCAPABLE}`]);
    const inheriting = (line: string) => BigInt(line.split(" ")[7]);
    assert.equal(inheriting(got[2]) & BigInt(WRITE), 0n, ":ro strips FD_WRITE");
    assert.notEqual(inheriting(got[3]) & BigInt(WRITE), 0n, "a writable mount keeps it");
  });

  test("sockets and files are numbered from one table, lowest free first, and each fd answers as what it is", async () => {
    const got = await script(wasiGo, [
      "socket", open(3, "a.txt"), "close 5", open(3, "sub/b.txt"), "socket", "read 5 100", "write 6 x", "seek 7 0 0",
      "close 5", "close 6", "close 7",
    ]);
    assert.deepEqual(got, ["fd 5", "fd 6", "errno 0", "fd 5", "fd 7", data("bravo\n"),
      `errno ${ENOTCAPABLE}`, `errno ${ENOSYS}`, "errno 0", "errno 0", "errno 0"]);
  });

  test("middleware scope keeps a file open into the next request; request scope closes it at the end", async () => {
    for (const [scope, second] of [["middleware", data("pha\n")], ["request", `errno ${EBADF}`]] as const) {
      const mw = await loadMiddleware(await compileGuest(wasiGo.guest), { settings: { mounts: wasiGo.mounts() }, fdTableScope: scope });
      try {
        assert.deepEqual(await request(mw, [open(3, "a.txt"), "read 5 2"]), ["fd 5", data("al")]);
        assert.deepEqual(await request(mw, ["read 5 100"]), [second], scope);
      } finally {
        await mw.close();
      }
    }
  });
});
