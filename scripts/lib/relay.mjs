// A delaying TCP relay: a listener on loopback that forwards every connection to a target
// port and holds each chunk for a one-way delay (plus jitter) in both directions, keeping
// the bytes of each direction in order. It stands in for the distance between two
// validators where the kernel has no `netem` qdisc (docs/performance.md, "The four
// exchanges at a distance").
//
// A chunk read at time t is written at max(t + delay + jitter, the previous chunk's time):
// jitter never reorders bytes (TCP would not either), it bunches them. The relay does not
// limit bandwidth and does not drop anything.
//
// A link may name the one source port it accepts (`fromPort`): nodes pass each other's
// addresses around (Kademlia), and a node that learnt the address of another pair's relay
// would otherwise use that pair's delay. A link with `refuse` closes every connection.
//
// As a module: `startRelays(links)` → `{ links: [Relay], close(), stats() }`.
// As a process (what scripts/lib/distance.mjs does, so that the relay's timers do not share
// an event loop with the measuring client):
//
//   node scripts/lib/relay.mjs '<JSON: [{ name, listenPort, targetPort, delayMs, jitterMs, fromPort? }]>'
//
// It prints `ready` (or sends `{ type: 'ready' }` over an IPC channel when forked), answers
// `{ type: 'stats' }` messages with `{ type: 'stats', stats }`, and exits on SIGTERM/SIGINT.

import net from 'node:net';
import { fileURLToPath } from 'node:url';

const HOST = '127.0.0.1';

/** One direction of one connection: chunks held until due, written in order. */
class DelayedPipe {
  constructor(from, to, relay, direction) {
    this.to = to;
    this.relay = relay;
    this.direction = direction;
    this.queue = []; // { due, at, chunk } | { due, at, end: true }
    this.lastDue = 0;
    this.timer = null;
    from.on('data', (chunk) => this.#push({ chunk }));
    from.on('end', () => this.#push({ end: true }));
  }

  #push(item) {
    const now = performance.now();
    const due = Math.max(now + this.relay.sampleDelay(), this.lastDue);
    this.lastDue = due;
    this.queue.push({ ...item, due, at: now });
    if (!this.timer) this.#schedule(now);
  }

  #schedule(now = performance.now()) {
    if (this.queue.length === 0) { this.timer = null; return; }
    const wait = Math.max(0, this.queue[0].due - now);
    this.timer = setTimeout(() => this.#flush(), wait);
  }

  #flush() {
    const now = performance.now();
    // Everything due within the timer's granularity goes now, in order.
    while (this.queue.length && this.queue[0].due <= now + 0.5) {
      const item = this.queue.shift();
      if (this.to.destroyed) continue;
      if (item.end) {
        this.to.end();
        continue;
      }
      this.relay.account(this.direction, item.chunk.length, now - item.at);
      this.to.write(item.chunk);
    }
    this.#schedule(now);
  }

  close() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
  }
}

/** A listener on `listenPort` forwarding to `targetPort` with `delayMs` ± `jitterMs` each way. */
export class Relay {
  constructor({ name, listenPort, targetPort, delayMs = 0, jitterMs = 0, host = HOST, fromPort = null, refuse = false }) {
    Object.assign(this, { name, listenPort, targetPort, delayMs, jitterMs, host, fromPort, refuse });
    this.sockets = new Set();
    this.pipes = new Set();
    this.counters = {
      connections: 0,
      open: 0,
      forward: { bytes: 0, chunks: 0, heldMs: 0, maxHeldMs: 0 },
      backward: { bytes: 0, chunks: 0, heldMs: 0, maxHeldMs: 0 },
      errors: 0,
      refused: 0,
    };
  }

  /** One chunk's delay: `delayMs` ± up to `jitterMs`, uniform, never negative. */
  sampleDelay() {
    if (!this.delayMs && !this.jitterMs) return 0;
    return Math.max(0, this.delayMs + (Math.random() * 2 - 1) * this.jitterMs);
  }

  account(direction, bytes, heldMs) {
    const c = this.counters[direction];
    c.bytes += bytes;
    c.chunks += 1;
    c.heldMs += heldMs;
    if (heldMs > c.maxHeldMs) c.maxHeldMs = heldMs;
  }

  start() {
    this.server = net.createServer({ noDelay: true, allowHalfOpen: true }, (client) => this.#accept(client));
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.listenPort, this.host, () => {
        this.server.off('error', reject);
        resolve(this);
      });
    });
  }

  #accept(client) {
    // A link is for one sender: with `fromPort`, a connection from any other source port is
    // closed at once (libp2p nodes dial from their listen port, so this is who dials).
    if (this.refuse || (this.fromPort !== null && client.remotePort !== this.fromPort)) {
      this.counters.refused += 1;
      client.destroy();
      return;
    }
    this.counters.connections += 1;
    this.counters.open += 1;
    const target = net.connect({ port: this.targetPort, host: this.host, noDelay: true, allowHalfOpen: true });
    client.setNoDelay(true);
    this.sockets.add(client);
    this.sockets.add(target);
    const forward = new DelayedPipe(client, target, this, 'forward');
    const backward = new DelayedPipe(target, client, this, 'backward');
    this.pipes.add(forward);
    this.pipes.add(backward);
    let closed = false;
    const close = (error) => {
      if (error) this.counters.errors += 1;
      if (closed) return;
      closed = true;
      this.counters.open -= 1;
      forward.close();
      backward.close();
      this.pipes.delete(forward);
      this.pipes.delete(backward);
      client.destroy();
      target.destroy();
      this.sockets.delete(client);
      this.sockets.delete(target);
    };
    // A half-close travels with the data (DelayedPipe ends the other side when due); a reset
    // or an error closes both sides at once.
    client.on('error', close);
    target.on('error', close);
    client.on('close', () => close());
    target.on('close', () => close());
  }

  stats() {
    const mean = (c) => (c.chunks ? Number((c.heldMs / c.chunks).toFixed(1)) : null);
    const { connections, open, forward, backward, errors, refused } = this.counters;
    return {
      name: this.name, listenPort: this.listenPort, targetPort: this.targetPort, delayMs: this.delayMs, jitterMs: this.jitterMs,
      refuse: this.refuse, connections, open, errors, refused,
      forward: { bytes: forward.bytes, chunks: forward.chunks, meanHeldMs: mean(forward), maxHeldMs: Number(forward.maxHeldMs.toFixed(1)) },
      backward: { bytes: backward.bytes, chunks: backward.chunks, meanHeldMs: mean(backward), maxHeldMs: Number(backward.maxHeldMs.toFixed(1)) },
    };
  }

  close() {
    for (const pipe of this.pipes) pipe.close();
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Start one relay per link (`{ name, listenPort, targetPort, delayMs, jitterMs }`). */
export async function startRelays(links) {
  const relays = [];
  try {
    for (const link of links) relays.push(await new Relay(link).start());
  } catch (error) {
    await Promise.all(relays.map((relay) => relay.close()));
    throw error;
  }
  return {
    links: relays,
    stats: () => relays.map((relay) => relay.stats()),
    close: () => Promise.all(relays.map((relay) => relay.close())),
  };
}

// As a process.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const links = JSON.parse(process.argv[2] ?? '[]');
  const relays = await startRelays(links).catch((error) => {
    console.error(`relay: ${error.message}`);
    process.exit(2);
  });
  const stop = async () => {
    await relays.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (process.send) {
    process.on('message', (message) => {
      if (message?.type === 'stats') process.send({ type: 'stats', id: message.id, stats: relays.stats() });
    });
    // The parent went away: nothing left to relay for.
    process.on('disconnect', stop);
    process.send({ type: 'ready', links: links.length });
  } else {
    console.log('ready');
  }
}
