// The four-exchange network: every validator authors, blocks finalize, a signed transfer
// from polkadot.js is included and finalized.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { connect, devKeyring, submit, waitForBlocks } from '../lib/chain.mjs';
import { env } from './env.mjs';

let api;
let keys;

before(async () => {
  api = await connect(env.rpc);
  keys = await devKeyring();
});

after(async () => api?.disconnect());

test('all four validators author blocks', async () => {
  const validators = (await api.query.session.validators()).map(String);
  assert.equal(validators.length, 4, 'four validators in the session');
  const authors = new Set();
  await waitForBlocks(api, async (header) => {
    const { author } = await api.derive.chain.getHeader(header.hash);
    if (author) authors.add(author.toString());
    return authors.size === 4;
  }, { timeoutMs: 90_000, what: 'blocks from all four validators' });
  assert.deepEqual([...authors].sort(), [...validators].sort());
});

test('blocks are finalized', async () => {
  const start = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
  const reached = await waitForBlocks(api, async () => {
    const finalized = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
    return finalized.number.toNumber() >= start + 3 && finalized.number.toNumber();
  }, { timeoutMs: 60_000, what: 'three more finalized blocks' });
  assert.ok(reached >= start + 3);
});

test('a signed balance transfer is included and finalized', async () => {
  const alice = keys.account('Alice');
  const recipient = keys.keyring.addFromUri(mnemonicGenerate());
  const amount = 10n * 10n ** 12n;
  const outcome = await submit(api, api.tx.balances.transferKeepAlive(recipient.address, amount), alice);
  assert.equal(outcome.error, null);
  const atFinalized = await api.at(outcome.blockHash);
  const { data } = await atFinalized.query.system.account(recipient.address);
  assert.equal(data.free.toBigInt(), amount);
});
