// Reading what blocks did: each extrinsic's hash and dispatch result (ExtrinsicSuccess, or
// ExtrinsicFailed with the decoded `pallet.Error`), the order book's fills, the block's
// author, timestamp and the normal-class weight it used.

import { hexToU8a, u8aToBn } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { decodeError } from '../chain.mjs';

export class BlockReader {
  /**
   * `api`: a polkadot.js ApiPromise; `raw`: an RpcConnection to the same node (blocks are read
   * as raw JSON: hashing a thousand extrinsics is cheaper than decoding them).
   */
  constructor(api, raw, { names = {} } = {}) {
    this.api = api;
    this.raw = raw;
    this.names = names; // account -> name (the validators)
    this.cache = new Map();
    this.authorities = null;
    this.normalMax = api.consts.system.blockWeights.perClass.normal.maxTotal.unwrapOrDefault().refTime.toBigInt();
  }

  async hashAt(number) {
    return this.raw.call('chain_getBlockHash', [number]);
  }

  /**
   * The block `hash`: `{ number, hash, parent, author, timestamp, weightPct, length,
   * extrinsics: [hash], results: [{ ok, error, fills, events? }] }` (by extrinsic index;
   * `events` kept with `keepEvents`, as `[{ section, method, data }]`).
   */
  read(hash, { keepEvents = false } = {}) {
    const cached = this.cache.get(hash);
    if (cached && (!keepEvents || cached.keptEvents)) return cached.promise;
    const promise = this.#read(hash, keepEvents);
    this.cache.set(hash, { promise, keptEvents: keepEvents });
    promise.catch(() => this.cache.delete(hash));
    return promise;
  }

  async #read(hash, keepEvents) {
    // A block another node reported may not be imported here yet: wait for it a little.
    let block = null;
    for (let attempt = 0; attempt < 40 && !block; attempt += 1) {
      block = await this.raw.call('chain_getBlock', [hash]);
      if (!block) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (!block) throw new Error(`block ${hash} is unknown to ${this.raw.url}`);
    const at = await this.api.at(hash);
    const { header, extrinsics } = block.block;
    const [events, weight, timestamp] = await Promise.all([
      at.query.system.events(),
      at.query.system.blockWeight(),
      at.query.timestamp.now(),
    ]);
    const hashes = extrinsics.map((xt) => blake2AsHex(hexToU8a(xt), 256));
    const results = hashes.map(() => ({ ok: null, error: null, fills: 0, events: keepEvents ? [] : undefined }));
    for (const { phase, event } of events) {
      if (!phase.isApplyExtrinsic) continue;
      const result = results[phase.asApplyExtrinsic.toNumber()];
      if (!result) continue;
      const { section, method } = event;
      if (section === 'system' && method === 'ExtrinsicSuccess') result.ok = true;
      else if (section === 'system' && method === 'ExtrinsicFailed') {
        result.ok = false;
        result.error = decodeError(this.api, event.data.dispatchError);
      } else if (section === 'orderbook' && method === 'Filled') result.fills += 1;
      if (keepEvents) result.events.push({ section, method, data: event.data });
    }
    const normal = weight.normal.refTime.toBigInt();
    return {
      number: parseInt(header.number, 16),
      hash,
      parent: header.parentHash,
      author: await this.#author(header, at),
      timestamp: timestamp.toNumber(),
      weightPct: Number((normal * 10_000n) / this.normalMax) / 100,
      // The mandatory class (inherents and on_initialize hooks) as a share of the normal
      // limit: a session rotation charges a whole block here, leaving no room at all.
      mandatoryPct: Number((weight.mandatory.refTime.toBigInt() * 10_000n) / this.normalMax) / 100,
      length: extrinsics.reduce((sum, xt) => sum + (xt.length - 2) / 2, 0),
      extrinsics: hashes,
      results,
    };
  }

  async #author(header, at) {
    const log = header.digest.logs.find((item) => item.startsWith('0x06')); // PreRuntime
    if (!log) return null;
    const digest = this.api.createType('DigestItem', log);
    if (!digest.isPreRuntime) return null;
    const [engine, data] = digest.asPreRuntime;
    if (engine.toString() !== 'aura') return null;
    if (!this.authorities) this.authorities = (await at.query.aura.authorities()).map(String);
    const slot = u8aToBn(data.toU8a(true), { isLe: true });
    const author = this.authorities[slot.modn(this.authorities.length)];
    return this.names[author] ?? author;
  }
}
