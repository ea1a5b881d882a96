// Watching the network while the load runs: at each new best block (as the first node sees
// it), the finality lag (best − finalized) and, on every node, how many transactions its pool
// holds ready (`author_pendingExtrinsics`): a pool that keeps transactions after a block shows
// the block was full, and pools that differ between nodes show how far transactions
// propagated.

export class Monitor {
  /** `raw`: one RpcConnection per node (not the submitter's). */
  constructor(raw, { pools = true } = {}) {
    this.raw = raw;
    this.pools = pools;
    this.samples = []; // { t, best, finalized }
    this.poolSamples = []; // { t, best, node, ready }
    this.heads = new Map(); // number -> first time seen (performance.now())
    this.busy = raw.map(() => false);
    this.finalized = 0;
    this.best = 0;
    this.subscriptions = [];
  }

  async start() {
    const [node0] = this.raw;
    const onFinalized = (header) => { this.finalized = Math.max(this.finalized, parseInt(header.number, 16)); };
    const onHead = (header) => {
      const number = parseInt(header.number, 16);
      const t = performance.now();
      if (!this.heads.has(number)) this.heads.set(number, t);
      this.best = Math.max(this.best, number);
      this.samples.push({ t, best: this.best, finalized: this.finalized });
      if (this.pools) this.raw.forEach((connection, node) => this.#samplePool(connection, node, number));
    };
    const handler = (fn) => ({ onResult: (result) => result && fn(result), onClose() {} });
    this.subscriptions.push(['chain_unsubscribeFinalizedHeads', await node0.subscribe('chain_subscribeFinalizedHeads', [], handler(onFinalized))]);
    this.subscriptions.push(['chain_unsubscribeNewHeads', await node0.subscribe('chain_subscribeNewHeads', [], handler(onHead))]);
  }

  #samplePool(connection, node, best) {
    if (this.busy[node] || connection.closed) return;
    this.busy[node] = true;
    const t = performance.now();
    connection.call('author_pendingExtrinsics', [])
      .then((list) => this.poolSamples.push({ t, best, node, ready: list.length }))
      .catch(() => {})
      .finally(() => { this.busy[node] = false; });
  }

  async stop() {
    const [node0] = this.raw;
    await Promise.all(this.subscriptions.map(([method, id]) => node0.unsubscribe(method, id)));
    this.subscriptions = [];
  }
}
