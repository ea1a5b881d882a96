// A lean JSON-RPC WebSocket client for the load tool: thousands of
// `author_submitAndWatchExtrinsic` subscriptions over a few connections per node, each status
// handed over raw (no decoding), every error and every closed connection reported.
//
// A node accepts at most `--rpc-max-subscriptions-per-connection` (1024 by default)
// subscriptions on one connection and refuses the next with an error; `NodeConnections` opens
// as many connections as a node needs and never puts more than `perConnection` live
// subscriptions on one.

import { WebSocket } from '@polkadot/x-ws';

/** One WebSocket connection: `call` (a request), `subscribe` (a subscription), `close`. */
export class RpcConnection {
  constructor(url, { name = url, timeoutMs = 120_000 } = {}) {
    this.url = url;
    this.name = name;
    this.timeoutMs = timeoutMs;
    this.nextId = 1;
    this.requests = new Map(); // id -> { resolve, reject, sentAt, method }
    this.subscriptions = new Map(); // subscription id -> handler
    this.early = new Map(); // notifications that came before the subscription id was known
    this.ended = new Set(); // subscriptions finished here (later notifications are ignored)
    this.closed = false;
    this.closeListeners = [];
    this.stats = { requests: 0, notifications: 0, errors: 0 };
  }

  open() {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url);
      this.ws = ws;
      let opened = false;
      ws.onopen = () => { opened = true; resolve(this); };
      ws.onerror = (event) => {
        if (!opened) reject(new Error(`cannot connect to ${this.url}: ${event?.message ?? 'error'}`));
      };
      ws.onclose = (event) => this.#onClose(`connection closed (code ${event?.code ?? '?'})`);
      ws.onmessage = (event) => this.#onMessage(event.data);
    });
  }

  /** Live subscriptions on this connection. */
  get live() {
    return this.subscriptions.size;
  }

  onClose(listener) {
    this.closeListeners.push(listener);
  }

  #onClose(reason) {
    if (this.closed) return;
    this.closed = true;
    for (const [, request] of this.requests) request.reject(new Error(`${request.method}: ${reason}`));
    this.requests.clear();
    for (const [, handler] of this.subscriptions) handler.onClose?.(reason);
    this.subscriptions.clear();
    for (const listener of this.closeListeners) listener(reason);
  }

  #onMessage(data) {
    let message;
    try {
      message = JSON.parse(typeof data === 'string' ? data : data.toString());
    } catch {
      this.stats.errors += 1;
      return;
    }
    if (message.id !== undefined && message.id !== null) {
      const request = this.requests.get(message.id);
      if (!request) return;
      this.requests.delete(message.id);
      if (message.error) {
        this.stats.errors += 1;
        const error = new Error(message.error.message);
        error.code = message.error.code;
        error.data = message.error.data;
        request.reject(error);
      } else {
        request.resolve(message.result);
      }
      return;
    }
    if (message.params?.subscription !== undefined) {
      this.stats.notifications += 1;
      const id = message.params.subscription;
      const handler = this.subscriptions.get(id);
      if (handler) handler.onResult(message.params.result, message.params.error);
      else if (!this.ended.has(id)) {
        const queued = this.early.get(id) ?? [];
        queued.push(message.params);
        this.early.set(id, queued);
      }
    }
  }

  /** A request: its result, or rejects with the node's error (`code`, `data`) or a timeout. */
  call(method, params = []) {
    if (this.closed) return Promise.reject(new Error(`${method}: connection closed`));
    const id = this.nextId++;
    this.stats.requests += 1;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.requests.delete(id)) reject(new Error(`${method}: no answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      const done = (fn) => (value) => { clearTimeout(timer); fn(value); };
      this.requests.set(id, { resolve: done(resolve), reject: done(reject), method });
      this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  /**
   * Subscribe with `method(params)`: `handler.onResult(result, error)` for each notification,
   * `handler.onClose(reason)` if the connection closes first. Resolves with the subscription
   * id, or rejects with the node's refusal. `end(id)` forgets a finished subscription.
   */
  async subscribe(method, params, handler) {
    const id = await this.call(method, params);
    this.subscriptions.set(id, handler);
    const early = this.early.get(id);
    if (early) {
      this.early.delete(id);
      for (const params of early) handler.onResult(params.result, params.error);
    }
    return id;
  }

  end(id) {
    if (id === null || id === undefined) return;
    this.subscriptions.delete(id);
    this.ended.add(id);
  }

  unsubscribe(method, id) {
    this.end(id);
    return this.call(method, [id]).catch(() => false);
  }

  close() {
    if (this.closed) return;
    this.ws.onclose = null;
    this.#onClose('closed by the load tool');
    try { this.ws.close(); } catch { /* already closed */ }
  }
}

/**
 * Connections to one node, opened on demand (at most `maxConnections`), each carrying at most
 * `perConnection` live subscriptions. `acquire(key)` returns a connection with room, preferring
 * the one `key` (an account) used last so one account's transactions arrive in nonce order;
 * `null` when every connection is full.
 */
export class NodeConnections {
  constructor(url, { perConnection = 1000, maxConnections = 24, name = url } = {}) {
    this.url = url;
    this.name = name;
    this.perConnection = perConnection;
    this.maxConnections = maxConnections;
    this.connections = [];
    this.sticky = new Map();
    this.opening = null;
    this.closures = [];
  }

  async open(count = 1) {
    while (this.connections.length < Math.min(count, this.maxConnections)) await this.#add();
    return this;
  }

  async #add() {
    const connection = new RpcConnection(this.url, { name: `${this.name}#${this.connections.length}` });
    await connection.open();
    connection.onClose((reason) => this.closures.push({ connection: connection.name, reason, at: Date.now() }));
    this.connections.push(connection);
    return connection;
  }

  /** A connection with room for one more subscription, or null (opening one in the background). */
  acquire(key) {
    const stuck = this.sticky.get(key);
    if (stuck && !stuck.closed && stuck.live < this.perConnection) return stuck;
    let best = null;
    for (const connection of this.connections) {
      if (connection.closed || connection.live >= this.perConnection) continue;
      if (!best || connection.live < best.live) best = connection;
    }
    // Open another connection before the last ones fill up.
    if ((!best || best.live > this.perConnection * 0.8) && !this.opening && this.connections.length < this.maxConnections) {
      this.opening = this.#add().finally(() => { this.opening = null; });
      this.opening.catch(() => {});
    }
    if (best) this.sticky.set(key, best);
    return best;
  }

  get live() {
    return this.connections.reduce((sum, connection) => sum + connection.live, 0);
  }

  close() {
    for (const connection of this.connections) connection.close();
  }
}
