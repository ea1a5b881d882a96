// The trades of a market over a range of blocks: every `orderbook.Filled` event of the market,
// with the block's timestamp and both sides' identities at that block.

import { atBlock, resolveRange, timeOf, walkRange } from './blocks.mjs';
import { identityAt, marketAt } from './subjects.mjs';

export const TRADE_COLUMNS = [
  'block', 'time', 'market', 'price', 'lots', 'tokens', 'value',
  'buyer', 'buyer_identity', 'buyer_venue', 'buyer_fee',
  'seller', 'seller_identity', 'seller_venue', 'seller_fee',
  'maker_order', 'taker_order',
];

/** The trade rows of one block (`{ number, hash }`). */
async function tradesIn(api, block, market) {
  return atBlock(api, block, async (at) => {
    const fills = (await at.query.system.events())
      .map(({ event }) => event)
      .filter((event) => event.section === 'orderbook' && event.method === 'Filled'
        && event.data.market.toNumber() === market);
    if (!fills.length) return [];
    const time = await timeOf(at);
    const identities = new Map();
    const identity = (account) => {
      const key = account.toString();
      if (!identities.has(key)) identities.set(key, identityAt(at, account));
      return identities.get(key);
    };
    return Promise.all(fills.map(async ({ data }) => {
      const trade = data.trade;
      return {
        block: block.number,
        time,
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
    }));
  });
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
  const rows = await walkRange(api, range, {
    label: 'trades',
    rowsOf: (block) => tradesIn(api, block, market),
    onRow,
    onProgress,
  });
  return { range, rows };
}
