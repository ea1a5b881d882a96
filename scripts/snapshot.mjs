#!/usr/bin/env node
// Snapshot a running node's state at its finalized head: every key and value but the runtime
// code, as JSON. The runtime's upgrade test (runtime/tests/upgrade_from_snapshot.rs) runs the
// next release's migrations, with their try-runtime checks, on such a snapshot of the
// previous release (docs/upgrading.md).
//
//   node scripts/snapshot.mjs [--rpc ws://127.0.0.1:9944] --out runtime/tests/snapshots/local-spec101.json
//
// Reads with `state_getKeysPaged` and `state_queryStorageAt`, both at the same block hash, so
// the snapshot is one consistent state even while blocks go on.

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ApiPromise, WsProvider } from '@polkadot/api';

const { values } = parseArgs({
  options: {
    rpc: { type: 'string', default: 'ws://127.0.0.1:9944' },
    out: { type: 'string' },
    'page-size': { type: 'string', default: '1000' },
  },
});
if (!values.out) {
  console.error('usage: node scripts/snapshot.mjs [--rpc URL] --out FILE');
  process.exit(2);
}

// The runtime code is the release's own wasm: the test runs the new runtime natively.
const CODE_KEY = '0x3a636f6465'; // ":code"

const provider = new WsProvider(values.rpc);
const api = await ApiPromise.create({ provider, noInitWarn: true });
try {
  const at = (await api.rpc.chain.getFinalizedHead()).toHex();
  const header = await api.rpc.chain.getHeader(at);
  const version = await api.rpc.state.getRuntimeVersion(at);
  const pageSize = Number(values['page-size']);

  const keys = [];
  let start = null;
  for (;;) {
    const page = await api.rpc.state.getKeysPaged('0x', pageSize, start, at);
    if (page.length === 0) break;
    for (const key of page) keys.push(key.toHex());
    start = page[page.length - 1].toHex();
    if (page.length < pageSize) break;
  }

  const pairs = [];
  for (let i = 0; i < keys.length; i += 200) {
    const batch = keys.slice(i, i + 200).filter((key) => key !== CODE_KEY);
    if (batch.length === 0) continue;
    // The raw RPC: a list of change sets, each `[key, value or null]` in hex.
    const sets = await provider.send('state_queryStorageAt', [batch, at]);
    for (const set of sets) {
      for (const [key, value] of set.changes) if (value !== null) pairs.push([key, value]);
    }
  }

  const snapshot = {
    chain: (await api.rpc.system.chain()).toString(),
    block: { number: header.number.toNumber(), hash: at },
    specName: version.specName.toString(),
    specVersion: version.specVersion.toNumber(),
    pairs: pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  };
  writeFileSync(values.out, `${JSON.stringify(snapshot, null, 0)}\n`);
  console.log(
    `snapshot of ${snapshot.chain} at #${snapshot.block.number} (spec ${snapshot.specVersion}): ` +
      `${pairs.length} keys written to ${values.out}`,
  );
} finally {
  await api.disconnect();
}
