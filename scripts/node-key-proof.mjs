#!/usr/bin/env node
// The proof an exchange's operator gives `exchanges.connectNode` (or `exchanges.replaceNode`,
// release 119) that its exchange holds the node's key: the node key's ed25519 signature of `stledger/connect-node/v1` ‖ this chain's
// genesis hash ‖ the exchange's id (u32 little-endian) ‖ the operator account (release 118;
// docs/exchanges.md, docs/operating-a-validator.md). Reads the genesis hash and the
// operator's exchange from a synced node (the node being connected cannot sync yet); the key
// file never leaves this machine.
//
//   node scripts/node-key-proof.mjs <node key file> <operator address> [ws://<synced node>:9944]
//
// Prints the peer id, the node id and proof to pass to `exchanges.connectNode(node, proof)`
// or `exchanges.replaceNode(node, proof)`.

import { readFileSync } from 'node:fs';
import { connect } from './lib/chain.mjs';
import { nodeKeyProof, peerOf } from './lib/network.mjs';

const [keyFile, operator, url = 'ws://127.0.0.1:9944'] = process.argv.slice(2);
if (!keyFile || !operator) {
  console.error('usage: node scripts/node-key-proof.mjs <node key file> <operator address> [ws url]');
  process.exit(2);
}
// A key file holds the secret as 64 hex digits (`key generate-node-key`) or as 32 raw bytes
// (the `network/secret_ed25519` a node writes on its base path).
const raw = readFileSync(keyFile);
const secret = raw.length === 32 ? raw.toString('hex') : raw.toString('utf8');
const api = await connect(url);
try {
  const exchange = await api.query.exchanges.exchangeOfAccount(operator);
  const info = exchange.isSome ? await api.query.exchanges.exchanges(exchange.unwrap()) : null;
  if (!info || info.isNone || info.unwrap().operator.toString() !== api.createType('AccountId', operator).toString()) {
    throw new Error(`${operator} is no exchange's operator on this chain`);
  }
  const id = exchange.unwrap().toNumber();
  const { peerId, bytes } = await peerOf(secret);
  const proof = await nodeKeyProof(secret, api.genesisHash.toHex(), id, operator);
  console.log(JSON.stringify({ peerId, exchange: id, node: bytes, proof }, null, 2));
} finally {
  await api.disconnect();
}
