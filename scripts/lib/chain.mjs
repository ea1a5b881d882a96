// Talking to an ST Ledger node with @polkadot/api: connect, sign and wait for inclusion,
// decode dispatch errors into `pallet.ErrorName`, and wait for chain conditions.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

/**
 * Types polkadot.js cannot take from ST Ledger's metadata: the fee-asset id of the
 * `ChargeAssetTxPayment` extension is a `pallet-assets` id (u32), where polkadot.js assumes
 * an XCM location (asset hubs). Without it, signing with `{ assetId }` fails to encode.
 */
export const STLEDGER_TYPES = { TAssetConversion: 'Option<u32>' };

/** Connect to a node, failing with a clear message if it does not answer in time. */
export async function connect(url, { timeoutMs = 30_000 } = {}) {
  const provider = new WsProvider(url, 1_000);
  const api = new ApiPromise({ provider, noInitWarn: true, types: STLEDGER_TYPES });
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from ${url} within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([api.isReadyOrError, timeout]);
  } catch (error) {
    await api.disconnect().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return api;
}

/**
 * One raw JSON-RPC call, for methods polkadot.js does not decorate (such as
 * `system_peers` on an RPC node, or a method an e2e test expects refused).
 */
export async function rpcCall(url, method, params = [], { timeoutMs = 30_000 } = {}) {
  const provider = new WsProvider(url, 1_000);
  try {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${method}: no answer from ${url} within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([provider.isReady, timeout]);
      return await Promise.race([provider.send(method, params), timeout]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await provider.disconnect().catch(() => {});
  }
}

/** An sr25519 keyring with the development accounts (//Alice …) and any URI on demand. */
export async function devKeyring() {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  return {
    keyring,
    account: (uri) => keyring.addFromUri(uri.startsWith('//') ? uri : `//${uri}`),
  };
}

/** `pallet.Error` for a dispatch error, e.g. `exchanges.NotConsortium` or `BadOrigin`. */
export function decodeError(api, dispatchError) {
  if (dispatchError.isModule) {
    const { section, name } = api.registry.findMetaError(dispatchError.asModule);
    return `${section}.${name}`;
  }
  return dispatchError.type;
}

/**
 * Sign and submit `tx`, wait until it is in a block (or, with `finalized: true`, until that
 * block is finalized), and report what happened: `{ ok, error, events, blockHash }`, where
 * `error` is the decoded dispatch error of a failed extrinsic. Rejects if the transaction is
 * invalid, dropped, or not included in time. `signer` null sends `tx` as already signed.
 *
 * Waiting for inclusion is what a wallet shows as "in block"; on the loopback network blocks
 * are final a few seconds later. Tests that assert finality ask for it.
 *
 * A node may refuse the submission with `1013 Transaction Already Imported` and include the
 * transaction all the same: the fork-aware pool's race between a submission and a new block's
 * view (paritytech/polkadot-sdk#11419, not fixed in stable2609), or a second submission of
 * the same bytes. The transaction is then looked for in the blocks (`findIncluded`) instead of
 * failing.
 */
export function submit(api, tx, signer, { timeoutMs = 60_000, finalized = false, ...options } = {}) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    let ended = false;
    const timer = setTimeout(() => {
      ended = true;
      unsubscribe();
      reject(new Error(`transaction not ${finalized ? 'finalized' : 'included'} within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = (fn, value) => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      unsubscribe();
      fn(value);
    };
    const onStatus = (result) => {
      const { status, dispatchError, events } = result;
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        done(reject, new Error(`transaction ${status.type}`));
      } else if (finalized ? status.isFinalized : status.isInBlock) {
        done(resolve, {
          ok: !dispatchError,
          error: dispatchError ? decodeError(api, dispatchError) : null,
          events,
          blockHash: finalized ? status.asFinalized : status.asInBlock,
        });
      }
    };
    (signer ? tx.signAndSend(signer, options, onStatus) : tx.send(onStatus))
      .then((unsub) => { if (ended) unsub(); else unsubscribe = unsub; })
      .catch((error) => {
        if (!isAlreadyImported(error)) return done(reject, error);
        findIncluded(api, tx.hash.toHex(), { finalized, deadline, stopped: () => ended })
          .then((found) => done(resolve, found), (lost) => done(reject, lost));
      });
  });
}

/** Whether `error` is the node's `1013 Transaction Already Imported`. */
export function isAlreadyImported(error) {
  return error?.code === 1013 || /^1013\b|Transaction Already Imported/.test(String(error?.message ?? error));
}

/**
 * Look for the extrinsic `hash` in the blocks from block `from` on (by default a little below
 * the finalized one: the pool keeps a transaction, and refuses its bytes again, until the
 * block including it is finalized), up to the best (or, with `finalized`, the finalized) one,
 * as they come, until `deadline` (ms since the epoch) or `stopped()`: `{ ok, error, events,
 * blockHash }` as `submit` reports it, from the block's events. Each poll scans again from
 * there, so a transaction moved by a reorganisation is still found.
 */
export async function findIncluded(api, hash, { finalized = false, from, deadline, stopped = () => false }) {
  const finalizedNumber = async () =>
    (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
  const scanned = new Set(); // block hashes already looked at
  while (Date.now() < deadline && !stopped()) {
    const final = await finalizedNumber();
    const top = finalized ? final : (await api.rpc.chain.getHeader()).number.toNumber();
    for (let next = Math.max(1, from ?? final - 2); next <= top; next += 1) {
      const blockHash = await api.rpc.chain.getBlockHash(next);
      if (scanned.has(blockHash.toHex())) continue;
      scanned.add(blockHash.toHex());
      const { block } = await api.rpc.chain.getBlock(blockHash);
      const index = block.extrinsics.findIndex((extrinsic) => extrinsic.hash.toHex() === hash);
      if (index < 0) continue;
      const records = await (await api.at(blockHash)).query.system.events();
      const events = records.filter(({ phase }) => phase.isApplyExtrinsic && phase.asApplyExtrinsic.toNumber() === index);
      const failed = events.find(({ event }) => api.events.system.ExtrinsicFailed.is(event));
      return {
        ok: !failed,
        error: failed ? decodeError(api, failed.event.data[0]) : null,
        events,
        blockHash,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`transaction ${hash} refused as already imported and not ${finalized ? 'finalized' : 'included'} in time`);
}

/**
 * A `submit` that sends each signer's transactions one after the other (each once the one
 * before it is in a block) while different signers' go at once: concurrent flows may share
 * signers without their nonces clashing. Same arguments and answer as `submit` (without
 * `api`).
 */
export function queuedSubmit(api) {
  const tails = new Map();
  return (tx, signer, options) => {
    const key = signer.address;
    const outcome = (tails.get(key) ?? Promise.resolve()).then(() => submit(api, tx, signer, options));
    tails.set(key, outcome.catch(() => {}));
    return outcome;
  };
}

/**
 * `who`'s balance of a `pallet-assets` asset (a security or a cash asset), 0 without an
 * account. `api` may be a view at a block (`await api.at(blockHash)`) to read it there.
 */
export async function assetBalance(api, assetId, who) {
  const account = await api.query.assets.account(assetId, who.address ?? who);
  return account.isSome ? account.unwrap().balance.toBigInt() : 0n;
}

/** A security's rules as the chain holds them (`securities.securities(id).rules`, a codec struct). */
export async function securityRules(api, security) {
  const record = await api.query.securities.securities(security);
  if (record.isNone) throw new Error(`no security ${security}`);
  return record.unwrap().rules;
}

/** The events of a submitted transaction matching `section.method`. */
export function eventsOf(outcome, section, method) {
  return outcome.events
    .map(({ event }) => event)
    .filter((event) => event.section === section && event.method === method);
}

/**
 * Evaluate `check` at every new block until it returns a truthy value (which is returned),
 * or fail after `timeoutMs` with `what` in the message.
 */
export function waitForBlocks(api, check, { timeoutMs = 120_000, what = 'condition' } = {}) {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    let busy = false;
    let finished = false;
    const timer = setTimeout(() => finish(reject, new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
    function finish(fn, value) {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      unsubscribe();
      fn(value);
    }
    api.rpc.chain
      .subscribeNewHeads(async (header) => {
        if (busy || finished) return;
        busy = true;
        try {
          const value = await check(header);
          if (value) finish(resolve, value);
        } catch (error) {
          finish(reject, error);
        } finally {
          busy = false;
        }
      })
      .then((unsub) => {
        unsubscribe = unsub;
        if (finished) unsub();
      })
      .catch((error) => finish(reject, error));
  });
}

/**
 * Propose `call` to the council as `proposer`, have the proposer and `voters` vote aye (a
 * proposal carries no vote of its own), and close it. Returns the close outcome and the
 * decoded error of the executed call, if it failed. `submit` (as `queuedSubmit` returns)
 * replaces the plain one, e.g. to share the signers with concurrent flows.
 *
 * The votes are sent at once (each member signs its own, so no two share a nonce) and land
 * in one block, as members voting from their own wallets do; the close waits for them all.
 */
export async function councilMotion(api, call, proposer, voters, threshold, options = {}) {
  const send = options.submit ?? ((tx, signer) => submit(api, tx, signer));
  const lengthBound = call.method.encodedLength;
  const proposed = await send(api.tx.council.propose(threshold, call, lengthBound), proposer);
  if (!proposed.ok) throw new Error(`council.propose failed: ${proposed.error}`);
  const [event] = eventsOf(proposed, 'council', 'Proposed');
  const { proposalIndex, proposalHash } = event.data;
  const votes = await Promise.all([proposer, ...voters].map((voter) =>
    send(api.tx.council.vote(proposalHash, proposalIndex, true), voter)));
  const refused = votes.find((vote) => !vote.ok);
  if (refused) throw new Error(`council.vote failed: ${refused.error}`);
  const weightBound = { refTime: 10_000_000_000n, proofSize: 1_000_000n };
  const closed = await send(api.tx.council.close(proposalHash, proposalIndex, weightBound, lengthBound), proposer);
  if (!closed.ok) throw new Error(`council.close failed: ${closed.error}`);
  const [executed] = eventsOf(closed, 'council', 'Executed');
  if (!executed) throw new Error('the motion was not executed');
  const result = executed.data.result;
  return { closed, error: result.isErr ? decodeError(api, result.asErr) : null };
}
