// Submitting signed transactions with `author_submitAndWatchExtrinsic` and following each one
// to its end: every status the node reports (future, ready, broadcast, inBlock, retracted,
// finalityTimeout, finalized, usurped, dropped, invalid), the node's refusal (an RPC error,
// with its message) or a connection that closed under it. Nothing is left without an
// outcome: what has none when the tool stops waiting is counted as `unreported`.
//
// Sending follows a schedule: `--rate TPS` (evenly spaced) or `max` (as fast as the
// connections and `maxPending`, the transactions sent and not yet in a block, allow), and stops
// at a deadline (`--duration`): what was not sent by then is `unsent`, never an outcome.

import { isAlreadyImported } from '../chain.mjs';
import { NodeConnections } from './rpc.mjs';

/** Statuses after which the node sends nothing more about a transaction. */
const FINAL = new Set(['finalized', 'usurped', 'dropped', 'invalid', 'finalityTimeout']);

/** One transaction to follow: what it is, where it goes, and what became of it. */
export function record({ kind, node, account, nonce, hex, hash, phase = 'load', label }) {
  return {
    kind, node, account, nonce, hex, hash, phase, label,
    sentAt: null, acceptedAt: null, futureAt: null, readyAt: null, broadcastAt: null, broadcastPeers: 0,
    inBlockAt: null, inBlock: null, inBlocks: 0, retracted: 0, finalizedAt: null, finalized: null,
    outcome: null, error: null, endedAt: null, withheld: null,
  };
}

export class Submitter {
  /**
   * `urls`: one WebSocket URL per node. `perConnection`: live subscriptions per connection
   * (the node refuses beyond `--rpc-max-subscriptions-per-connection`, 1024 by default).
   */
  constructor(urls, { perConnection = 1000, maxConnections = 24 } = {}) {
    this.nodes = urls.map((url, i) => new NodeConnections(url, { perConnection, maxConnections, name: `node${i}` }));
    this.pending = 0; // sent, no inBlock and no final status yet
    this.live = 0; // sent, no final status yet
    this.listeners = new Set();
    this.rpcErrors = new Map();
  }

  async open(connectionsPerNode = 1) {
    await Promise.all(this.nodes.map((node) => node.open(connectionsPerNode)));
    return this;
  }

  close() {
    for (const node of this.nodes) node.close();
  }

  /** Resolves at the next change of any transaction (or after `ms`). */
  changed(ms = 1_000) {
    return new Promise((resolve) => {
      const done = () => { clearTimeout(timer); this.listeners.delete(done); resolve(); };
      const timer = setTimeout(done, ms);
      this.listeners.add(done);
    });
  }

  #notify() {
    for (const listener of [...this.listeners]) listener();
  }

  /** Submit `rec` now, if its node has a connection with room: true if sent. */
  trySend(rec) {
    const connection = this.nodes[rec.node].acquire(rec.account);
    if (!connection) return false;
    this.#send(rec, connection);
    return true;
  }

  #send(rec, connection) {
    rec.sentAt = performance.now();
    rec.connection = connection.name;
    this.pending += 1;
    this.live += 1;
    let subscription = null;
    const handler = {
      onResult: (status) => this.#status(rec, status, () => connection.end(subscription)),
      onClose: (reason) => this.#end(rec, 'connectionClosed', reason),
    };
    // Count the subscription against the connection before the node answers.
    const placeholder = Symbol('pending');
    connection.subscriptions.set(placeholder, { onResult() {}, onClose: handler.onClose });
    connection
      .subscribe('author_submitAndWatchExtrinsic', [rec.hex], handler)
      .then((id) => {
        connection.subscriptions.delete(placeholder);
        subscription = id;
        rec.acceptedAt = performance.now();
        if (rec.outcome) connection.end(id);
      })
      .catch((error) => {
        connection.subscriptions.delete(placeholder);
        if (rec.outcome) return;
        const message = rpcErrorMessage(error);
        this.rpcErrors.set(message, (this.rpcErrors.get(message) ?? 0) + 1);
        this.#end(rec, 'rpcError', message);
      });
  }

  #status(rec, status, finish) {
    const now = performance.now();
    if (typeof status === 'string') {
      if (status === 'future') rec.futureAt ??= now;
      else if (status === 'ready') rec.readyAt ??= now;
      else if (FINAL.has(status)) { finish(); this.#end(rec, status, null); return; }
    } else if (status && typeof status === 'object') {
      const [type, value] = Object.entries(status)[0] ?? [];
      if (type === 'broadcast') {
        rec.broadcastAt ??= now;
        rec.broadcastPeers = Math.max(rec.broadcastPeers, value?.length ?? 0);
      } else if (type === 'inBlock') {
        if (rec.inBlockAt === null) {
          rec.inBlockAt = now;
          this.pending -= 1;
        }
        rec.inBlock = value;
        rec.inBlocks += 1;
      } else if (type === 'retracted') {
        rec.retracted += 1;
      } else if (type === 'finalized') {
        rec.finalized = value;
        rec.finalizedAt = now;
        finish();
        this.#end(rec, 'finalized', null);
        return;
      } else if (FINAL.has(type)) {
        finish();
        this.#end(rec, type, value ?? null);
        return;
      }
    }
    this.#notify();
  }

  #end(rec, outcome, error) {
    if (rec.outcome) return;
    rec.outcome = outcome;
    rec.error = error;
    rec.endedAt = performance.now();
    if (rec.inBlockAt === null) this.pending -= 1;
    this.live -= 1;
    this.#notify();
  }

  /**
   * Send `records` on schedule: `rate` transactions per second (a number) or 'max';
   * `deadline` (performance.now() ms) stops sending; `maxPending` bounds the transactions sent
   * and not yet in a block (0: no bound). Per node, in order. Returns `{ startedAt, endedAt,
   * sent, unsent, waits }`.
   */
  async run(records, { rate = 'max', deadline = Infinity, maxPending = 0, onProgress } = {}) {
    const startedAt = performance.now();
    const interval = rate === 'max' ? 0 : 1000 / rate;
    const byNode = this.nodes.map(() => []);
    records.forEach((rec, i) => {
      rec.due = startedAt + i * interval;
      byNode[rec.node].push(rec);
    });
    // Each account's transactions go out in nonce order, each once the one before it is in
    // its node's ready queue (or further): a nonce sent before its predecessor waits in the
    // pool's small future queue, and one behind a transaction that ended without inclusion
    // (dropped, invalid, usurped) would wait there forever, reported by nobody. Such a one is
    // withheld instead, with the reason (`rec.withheld`), and counted. A predecessor the node
    // refused as already in its pool (`knownToPool`) holds nothing back.
    const before = previousOfEach(records);
    const waits = { connections: 0, pending: 0, previous: 0 };
    let sent = 0;
    const progress = onProgress ? setInterval(() => onProgress({ sent, pending: this.pending, live: this.live }), 2_000) : null;
    await Promise.all(byNode.map(async (queue) => {
      for (const rec of queue) {
        for (;;) {
          const now = performance.now();
          if (now >= deadline) return;
          if (rec.due > now) {
            await sleep(Math.min(rec.due - now, deadline - now));
            continue;
          }
          const previous = before.get(rec);
          const blocker = blockerOf(rec, before);
          if (blocker) {
            rec.withheld = blocker;
            break;
          }
          if (previous && !previous.outcome && previous.readyAt === null && previous.inBlockAt === null) {
            // A predecessor stuck in the future queue (behind one that was dropped after it
            // was sent) would hold this one, and the node's queue behind it, for ever.
            if (previous.sentAt !== null && now - previous.sentAt > READY_WAIT_MS) {
              rec.withheld = `behind nonce ${previous.nonce} (${previous.hash.slice(0, 10)}…), not ready after ${READY_WAIT_MS / 1000} s (${previous.futureAt !== null ? 'future' : 'no status'})`;
              break;
            }
            waits.previous += 1;
            await this.changed(50);
            continue;
          }
          if (maxPending > 0 && this.pending >= maxPending) {
            waits.pending += 1;
            await this.changed(50);
            continue;
          }
          if (!this.trySend(rec)) {
            waits.connections += 1;
            await this.changed(50);
            continue;
          }
          sent += 1;
          // Yield now and then so that the node's answers are read while sending.
          if (sent % 64 === 0) await sleep(0);
          break;
        }
      }
    }));
    if (progress) clearInterval(progress);
    const endedAt = performance.now();
    const unsent = records.filter((rec) => rec.sentAt === null).length;
    const withheld = records.filter((rec) => rec.withheld).length;
    return { startedAt, endedAt, sent, unsent, withheld, waits };
  }

  /**
   * Wait until every sent record of `records` has reached `until` ('inBlock' or 'final'), or
   * `timeoutMs` passes with no change at all. Returns the records still waiting.
   */
  async settle(records, { until = 'final', timeoutMs = 60_000, onProgress } = {}) {
    const waiting = () => records.filter((rec) => rec.sentAt !== null && !rec.outcome
      && (until === 'final' || rec.inBlockAt === null));
    let last = performance.now();
    let count = waiting().length;
    let reported = performance.now();
    while (count > 0) {
      await this.changed(1_000);
      const now = performance.now();
      const left = waiting().length;
      if (left !== count) { count = left; last = now; }
      if (onProgress && now - reported > 5_000) { reported = now; onProgress(left); }
      if (now - last > timeoutMs) break;
    }
    return waiting();
  }
}

/**
 * Why a transaction after `previous` (the same account's, one nonce lower) cannot be included,
 * or null while it still can: `previous` was withheld itself, or ended without ever being in
 * a block.
 */
export function withheldReason(previous) {
  if (previous.withheld) return previous.withheld;
  if (knownToPool(previous)) return null;
  if (previous.outcome && previous.outcome !== 'finalized' && previous.inBlockAt === null) {
    return `behind nonce ${previous.nonce} (${previous.hash.slice(0, 10)}…), ${previous.outcome}`;
  }
  return null;
}

/**
 * Whether the node refused `rec`'s submission because its pool already knows the transaction
 * (`1013 Transaction Already Imported`): it is waiting there or was just included, and the
 * node only declined to watch it. Seen for the first and only submission of a transaction
 * under load, then included all the same (`includedWithoutStatus`), so it blocks nothing
 * behind it; should it never be included, what waits behind it is found `stranded`.
 */
export function knownToPool(rec) {
  return rec.outcome === 'rpcError' && isAlreadyImported(rec.error);
}

/** How long a transaction waits for its predecessor to be ready before it is withheld. */
const READY_WAIT_MS = 30_000;

/** Why `rec` cannot be included, from the nearest of its predecessors that cannot be. */
function blockerOf(rec, before) {
  for (let previous = before.get(rec); previous; previous = before.get(previous)) {
    const reason = withheldReason(previous);
    if (reason) return reason;
  }
  return null;
}

/** Each record's predecessor among `records`: the same account's, sent before it. */
function previousOfEach(records) {
  const before = new Map();
  const lastOf = new Map();
  for (const rec of records) {
    if (lastOf.has(rec.account)) before.set(rec, lastOf.get(rec.account));
    lastOf.set(rec.account, rec);
  }
  return before;
}

/**
 * Mark `stranded` each of `left` (sent, no final status, never in a block) that waits behind a
 * transaction of its account that ended without inclusion, once the chain confirms it: the
 * account's next nonce at the best block has not passed that transaction's. The pool reports
 * nothing more about such a one (it waits in the future queue for a nonce that never comes).
 * Returns how many.
 */
export async function strandedOf(api, records, left) {
  const before = previousOfEach(records);
  const nonces = new Map();
  let stranded = 0;
  for (const rec of left) {
    if (rec.outcome || rec.inBlockAt !== null) continue;
    let blocker = before.get(rec);
    while (blocker && !withheldReason(blocker) && !knownToPool(blocker)) blocker = before.get(blocker);
    if (!blocker) continue;
    if (!nonces.has(rec.account)) nonces.set(rec.account, (await api.query.system.account(rec.account)).nonce.toNumber());
    if (nonces.get(rec.account) > blocker.nonce) continue;
    rec.outcome = 'stranded';
    rec.error = withheldReason(blocker)
      ?? `behind nonce ${blocker.nonce} (${blocker.hash.slice(0, 10)}…), refused as already in the pool and never included`;
    rec.endedAt = performance.now();
    stranded += 1;
  }
  return stranded;
}

export function rpcErrorMessage(error) {
  const data = error?.data === undefined ? '' : `: ${typeof error.data === 'string' ? error.data : JSON.stringify(error.data)}`;
  return `${error?.code !== undefined ? `${error.code} ` : ''}${error?.message ?? error}${data}`;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
