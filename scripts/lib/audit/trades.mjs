// The trades of a market over a range of blocks: every `orderbook.Filled` event of the market,
// with the block's timestamp and both sides' identities at that block. `walkFills` is the walk
// the transaction report shares.

import { atBlock, resolveRange, timeOf, walkRange } from './blocks.mjs';
import { identityAt, marketAt } from './subjects.mjs';

export const TRADE_COLUMNS = [
  'block', 'time', 'market', 'price', 'lots', 'tokens', 'value',
  'buyer', 'buyer_identity', 'buyer_venue', 'buyer_fee',
  'seller', 'seller_identity', 'seller_venue', 'seller_fee',
  'maker_order', 'taker_order',
];

/** `fn(key)` at most once per key: the lookups of one block's state, shared by its rows. */
export function memo(fn) {
  const cache = new Map();
  return (key) => {
    const name = String(key);
    if (!cache.has(name)) cache.set(name, fn(key));
    return cache.get(name);
  };
}

/**
 * The `orderbook.Filled` events of one block's state `at`, in event order, each with its index
 * among all the block's events (`system.events`): `[{ index, market, trade }]`.
 */
export async function fillsAt(at) {
  const fills = [];
  (await at.query.system.events()).forEach(({ event }, index) => {
    if (event.section === 'orderbook' && event.method === 'Filled') {
      fills.push({ index, market: event.data.market.toNumber(), trade: event.data.trade });
    }
  });
  return fills;
}

/**
 * Walk the fills in `range`, `CONCURRENCY` blocks at a time, rows in block and event order.
 * Each block with fills gets a context `{ at, block, blockTime(), identity(account),
 * ...perBlock(at, block) }` (lookups at that block's state, each made once); `keep(fill,
 * context)` (sync or async) chooses the fills, `rowOf(fill, context)` makes each row.
 * `onRow`, `onProgress` as `walkRange`. Returns the rows.
 */
export async function walkFills(api, range, {
  label, keep = () => true, rowOf, perBlock = () => ({}), onRow, onProgress,
}) {
  return walkRange(api, range, {
    label,
    onRow,
    onProgress,
    rowsOf: (block) => atBlock(api, block, async (at) => {
      const fills = await fillsAt(at);
      if (!fills.length) return [];
      let time;
      const context = {
        at,
        block,
        blockTime: () => (time ??= timeOf(at)),
        identity: memo((account) => identityAt(at, account)),
        ...perBlock(at, block),
      };
      const kept = await Promise.all(fills.map((fill) => keep(fill, context)));
      return Promise.all(fills.filter((_, k) => kept[k]).map((fill) => rowOf(fill, context)));
    }),
  });
}

/** One fill as a row of the trades CSV. */
async function tradeRow({ market, trade }, { block, blockTime, identity }) {
  return {
    block: block.number,
    time: await blockTime(),
    market,
    price: trade.price.toBigInt(),
    lots: trade.lots.toBigInt(),
    tokens: trade.tokens.toBigInt(),
    value: trade.value.toBigInt(),
    buyer: trade.buyer.toString(),
    buyer_identity: await identity(trade.buyer),
    buyer_venue: trade.buyerVenue.toNumber(),
    buyer_fee: trade.buyerFee.toBigInt(),
    seller: trade.seller.toString(),
    seller_identity: await identity(trade.seller),
    seller_venue: trade.sellerVenue.toNumber(),
    seller_fee: trade.sellerFee.toBigInt(),
    maker_order: trade.makerOrder.toBigInt(),
    taker_order: trade.takerOrder.toBigInt(),
  };
}

/**
 * The trades of `market` in blocks `from` … `to` (numbers or hashes; `to` defaults to the
 * finalized head), in block and event order. `onRow(row)` receives each as it is found (for
 * streaming); `onProgress(line)` the progress lines of long ranges. Returns
 * `{ range, rows }`. Fails if the market does not exist at `to`.
 */
export async function trades(api, { market, from, to, onRow = () => {}, onProgress } = {}) {
  const range = await resolveRange(api, from, to);
  await atBlock(api, range.to, (at) => marketAt(at, market, range.to));
  const rows = await walkFills(api, range, {
    label: 'trades',
    keep: (fill) => fill.market === market,
    rowOf: tradeRow,
    onRow,
    onProgress,
  });
  return { range, rows };
}
