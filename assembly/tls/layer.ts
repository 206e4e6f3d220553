// TlsLayer: the ConnLayer (assembly/net/conn.ts) that carries a connection's bytes through TLS once tlsHandshake
// has run, so the HTTP and Redis clients read and write as over plain TCP. Reads answer KeyUpdate on the way;
// close() sends close_notify.

import { ConnLayer, Conn } from "../net/conn";
import { Deadline } from "../net/deadline";
import { NetErr } from "../net/errors";
import { TlsEngine } from "./engine";

/** WRITE_BATCH is how much application data is sealed before it is sent: four full records per sock_send. */
const WRITE_BATCH: i32 = 4 * 16384;
/** CLOSE_NOTIFY_MS bounds the courtesy writes of close_notify and fatal alerts: never worth a long wait. */
export const CLOSE_NOTIFY_MS: i32 = 200;

/**
 * TlsLayer moves application data through a connected TlsEngine. A TLS failure while reading (a forged record,
 * a bad alert) sends the alert owed, closes the connection and reports NetErr.Tls with the cause; close_notify
 * from the server reads as the end of the stream (NetErr.Closed), as EOF does on plain TCP.
 */
export class TlsLayer extends ConnLayer {
  // busy: an operation of this layer is in progress, so a close() from below (a failed send) must not send more.
  private busy: bool = false;
  private dead: bool = false;

  constructor(readonly engine: TlsEngine) {
    super();
  }

  write(conn: Conn, ptr: usize, len: i32, timeoutMs: i32): NetErr {
    const deadline = new Deadline(timeoutMs);
    this.busy = true;
    let e = NetErr.Ok;
    for (let done = 0; done < len && e == NetErr.Ok; done += WRITE_BATCH) {
      if (!this.engine.writeApplication(ptr + <usize>done, min(WRITE_BATCH, len - done))) {
        e = this.fatal(conn, "write", this.engine.failed ? this.engine.status.detail : "the TLS connection is closed");
      } else {
        e = this.flush(conn, deadline);
      }
    }
    this.busy = false;
    return e == NetErr.Ok ? conn.ok() : e;
  }

  read(conn: Conn, ptr: usize, cap: i32, timeoutMs: i32): i32 {
    if (cap <= 0) { conn.ok(); return 0; }
    const deadline = new Deadline(timeoutMs);
    this.busy = true;
    const n = this.readBusy(conn, ptr, cap, deadline);
    this.busy = false;
    return n;
  }

  closing(conn: Conn): void {
    if (this.busy || this.dead || this.engine.failed) return;
    this.engine.closeNotify();
    this.busy = true;
    this.flush(conn, new Deadline(CLOSE_NOTIFY_MS));
    this.busy = false;
  }

  private readBusy(conn: Conn, ptr: usize, cap: i32, deadline: Deadline): i32 {
    const engine = this.engine;
    for (;;) {
      const n = engine.readPlain(ptr, cap);
      if (n > 0) { conn.ok(); return n; }
      engine.process();
      if (engine.failed) { this.fatal(conn, "read", engine.status.detail); return -1; }
      if (this.flush(conn, deadline) != NetErr.Ok) return -1; // a KeyUpdate answer
      if (engine.plainAvailable > 0) continue;
      if (engine.peerClosed) {
        const where = place(conn);
        engine.closeNotify(); // RFC 8446 §6.1: answer close_notify with ours before closing
        this.flush(conn, new Deadline(CLOSE_NOTIFY_MS));
        conn.close();
        conn.fail(NetErr.Closed, "tls read " + where + ": peer closed the connection (close_notify)");
        return -1;
      }
      const where = place(conn);
      const room = engine.inputRoom(); // first: it may move buffered bytes, and with them inputPtr()
      const got = conn.rawRead(engine.inputPtr(), room, remainingMs(deadline));
      if (got < 0) {
        // conn closed itself and says why; a timeout is restated for the whole read, not its last wait
        if (conn.err == NetErr.Timeout) {
          conn.fail(NetErr.Timeout, "tls read " + where + ": no data in " + deadline.timeoutMs.toString() + " ms");
        }
        return -1;
      }
      engine.commitInput(got);
    }
    return -1; // not reached: the loop only exits by returning
  }

  // Sends what the engine queued (records, alerts) within the deadline.
  private flush(conn: Conn, deadline: Deadline): NetErr {
    const out = this.engine.out;
    if (out.length == 0) return NetErr.Ok;
    const e = conn.rawWrite(out.dataStart, out.length, remainingMs(deadline));
    out.clear();
    return e;
  }

  // A TLS failure: the alert owed goes out briefly, then the connection closes without close_notify.
  private fatal(conn: Conn, op: string, detail: string): NetErr {
    this.dead = true;
    const where = place(conn);
    this.flush(conn, new Deadline(CLOSE_NOTIFY_MS));
    conn.close();
    return conn.fail(NetErr.Tls, "tls " + op + " " + where + ": " + detail);
  }
}

/** remainingMs is what is left of deadline in whole milliseconds, rounded up so a sliver is not a zero wait. */
export function remainingMs(deadline: Deadline): i32 {
  const ns = deadline.remainingNs();
  return ns <= 0 ? 0 : <i32>min<i64>((ns + 999_999) / 1_000_000, <i64>i32.MAX_VALUE);
}

/** place names the peer as "host:port" for details. */
export function place(conn: Conn): string {
  return conn.host + ":" + conn.port.toString();
}
