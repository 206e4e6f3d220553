// socket.roundtrip: one blocking PING round trip from a guest through the bridge (sock_send + sock_recv) against
// a real redis-server, and ioredis sending the same PING sequentially, same server, same run.

import { Redis } from "ioredis";
import { SocketHost } from "../host-shim/sockets/socket_host.js";
import { compileGuest } from "../test/support/guests.js";
import { startRedis } from "../test/support/redis.js";
import { SocketGuest } from "../test/support/socket_guest.js";
import { row, timeAsync, type Row } from "./lib.js";

const PINGS = 2000;
const ROUNDS = 5;

export async function bench(): Promise<Row[]> {
  const redis = await startRedis();
  const host = new SocketHost();
  const guest = SocketGuest.start(new WebAssembly.Module(await compileGuest("sockets")), { host });
  const client = new Redis({ port: redis.port, host: "127.0.0.1", lazyConnect: true });
  try {
    const table = host.createTable();
    await guest.call(table, "redis_ping", redis.port, 200);
    const perRound: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const { result, ms } = await guest.call(table, "redis_ping", redis.port, PINGS);
      if (result !== 0) throw new Error(`guest PING loop failed: ${result}`);
      perRound.push((ms * 1000) / PINGS);
    }
    host.closeTable(table);
    await client.connect();
    const ioredisUs = await timeAsync(() => client.ping(), PINGS, ROUNDS);
    const guestUs = perRound.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
    return [row("socket.roundtrip", guestUs, "us/roundtrip", "ioredis PING, sequential await", ioredisUs)];
  } finally {
    client.disconnect();
    await guest.close();
    host.closeAll();
    await redis.stop();
  }
}
