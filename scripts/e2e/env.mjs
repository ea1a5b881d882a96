// What scripts/test.sh tells the end-to-end tests about the network it started.

import { spawn } from 'node:child_process';
import { mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests through scripts/test.sh`);
  return value;
}

export const env = {
  nodeBin: required('STLEDGER_NODE_BIN'),
  data: required('STLEDGER_DATA'),
  rpc: required('STLEDGER_RPC'),
  chainSpec: required('STLEDGER_CHAIN_SPEC'),
  description: required('STLEDGER_DESCRIPTION'),
};


/** A new, empty base path for node key `nodeKey`'s node. */
export function freshBasePath(nodeKey) {
  return mkdtempSync(join(tmpdir(), `stledger-node${nodeKey}-`));
}

/**
 * Start an extra node on loopback with node key `nodeKey` (a number), ports 30333+offset and
 * 9944+offset, the chain spec's boot nodes and `bootnodes` (multiaddresses). Its RPC serves
 * the node's default, the safe methods, unless `unsafeRpc` (an RPC node's operator reading
 * its peers, on loopback; a validator refuses to start so). `reservedNodes` (multiaddresses)
 * are the operator's `--reserved-nodes`; `chainSpec` a path (the network's by default);
 * `basePath` a directory (a fresh one by default; e.g. one holding session keys from
 * `generateSessionKeys`). Returns `{ rpc, stop, logFile }`.
 */
export function startExtraNode({
  nodeKey, offset, validator = false, unsafeRpc = false, bootnodes = [], reservedNodes = [], chainSpec = env.chainSpec,
  basePath = freshBasePath(nodeKey),
}) {
  const logFile = join(basePath, 'node.log');
  const log = openSync(logFile, 'a');
  const args = [
    '--chain', chainSpec,
    '--base-path', basePath,
    '--node-key', nodeKey.toString(16).padStart(64, '0'),
    '--listen-addr', `/ip4/127.0.0.1/tcp/${30333 + offset}`,
    '--rpc-port', String(9944 + offset),
    '--no-mdns', '--no-prometheus', '--no-telemetry',
    '--name', `extra-node-${nodeKey}`,
  ];
  if (validator) args.push('--validator');
  if (unsafeRpc) args.push('--rpc-methods', 'unsafe');
  // Boot nodes besides the chain spec's (`--bootnodes` adds to them).
  for (const address of bootnodes) args.push('--bootnodes', address);
  for (const address of reservedNodes) args.push('--reserved-nodes', address);
  const child = spawn(env.nodeBin, args, { stdio: ['ignore', log, log] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return {
    rpc: `ws://127.0.0.1:${9944 + offset}`,
    logFile,
    async stop() {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
