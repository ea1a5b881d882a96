// The transaction report: every trade over a range of blocks (all markets, or one market or
// security), one row per trade, in the shape MiFIR transaction reporting asks (Commission
// Delegated Regulation (EU) 2017/590, "RTS 22", Annex I Table 2): the columns are named after
// its fields, and docs/auditing.md gives each column's field number. What the chain does not
// hold (LEIs, national client ids, MICs, decision makers) the reporting venue adds.

import { atBlock, resolveRange } from './blocks.mjs';
import { ratioToDecimal, unitsToDecimal } from './decimal.mjs';
import { assetMetadataAt, exchangeNameAt, isinText, marketAt, reasonText, securityAt } from './subjects.mjs';
import { memo, walkFills } from './trades.mjs';

export const TRANSACTION_REPORT_COLUMNS = [
  'trading_venue_transaction_id', 'block', 'trading_date_time',
  'instrument_identification_code', 'instrument_full_name', 'security', 'market',
  'price', 'price_currency', 'price_notation', 'quantity', 'net_amount',
  'buyer_account', 'buyer_identity', 'buyer_venue', 'buyer_venue_name', 'buyer_venue_mic',
  'buyer_trading_capacity', 'buyer_fee',
  'seller_account', 'seller_identity', 'seller_venue', 'seller_venue_name', 'seller_venue_mic',
  'seller_trading_capacity', 'seller_fee',
  'maker_order', 'taker_order',
];

/** Fraction digits of a price: RTS 22's monetary price format, {DECIMAL-18/13}. */
export const PRICE_FRACTION_DIGITS = 13;

/**
 * RTS 22 field 29 for each side: every order on the chain is signed by the investor's own
 * account, which is the buyer or seller; the venue only routes it to the shared book, never
 * interposes itself (not MTCH) nor acts as the investor's agent (not AOTC). See
 * docs/auditing.md, "Trading capacity".
 */
export const TRADING_CAPACITY = 'DEAL';

/** Price notation of every price: a monetary value per unit (ISO 20022 / RTS 2 "MONE"). */
export const PRICE_NOTATION = 'MONE';

/**
 * The chain's part of every transaction id: the first 8 hex digits of its genesis hash, in
 * capitals, so two networks (a test net and production, a chain started again) never give
 * the same id.
 */
export function chainPrefix(api) {
  return api.genesisHash.toHex().slice(2, 10).toUpperCase();
}

/** A trade's id: `<chain prefix>-<block number>-<index of its Filled event in the block>`. */
export function transactionId(prefix, blockNumber, eventIndex) {
  return `${prefix}-${blockNumber}-${eventIndex}`;
}

/** Lookups at one block's state, each made once for all the block's rows. */
function lookupsAt(at, block) {
  return {
    markets: memo((market) => marketAt(at, market, block)),
    securities: memo((security) => securityAt(at, security, block)),
    assets: memo((asset) => assetMetadataAt(at, asset)),
    venues: memo((exchange) => exchangeNameAt(at, exchange)),
  };
}

/** One fill as a row of the report, and whether its price is exact (not rounded). */
async function reportRow(prefix, { index, market, trade }, context) {
  const { block, identity, markets, securities, assets, venues } = context;
  const record = await markets(market);
  const security = record.security.toNumber();
  const buyerVenue = trade.buyerVenue.toNumber();
  const sellerVenue = trade.sellerVenue.toNumber();
  const [details, token, cash, buyerVenueName, sellerVenueName, buyerIdentity, sellerIdentity] = await Promise.all([
    securities(security),
    assets(security),
    assets(record.cash.toNumber()),
    venues(buyerVenue),
    venues(sellerVenue),
    identity(trade.buyer),
    identity(trade.seller),
  ]);
  const tokens = trade.tokens.toBigInt();
  const value = trade.value.toBigInt();
  // Price per token in the cash asset's major units: (value / 10^cash) / (tokens / 10^token).
  const price = tokens > 0n
    ? ratioToDecimal(value * 10n ** BigInt(token.decimals), tokens * 10n ** BigInt(cash.decimals), PRICE_FRACTION_DIGITS)
    : { text: '', exact: true };
  return {
    exact: price.exact,
    row: {
      trading_venue_transaction_id: transactionId(prefix, block.number, index),
      block: block.number,
      trading_date_time: new Date(trade.at.toNumber()).toISOString(),
      instrument_identification_code: isinText(details),
      instrument_full_name: reasonText(details.name),
      security,
      market,
      price: price.text,
      price_currency: cash.symbol,
      price_notation: PRICE_NOTATION,
      quantity: unitsToDecimal(tokens, token.decimals),
      net_amount: unitsToDecimal(value, cash.decimals),
      buyer_account: trade.buyer.toString(),
      buyer_identity: buyerIdentity,
      buyer_venue: buyerVenue,
      buyer_venue_name: buyerVenueName,
      buyer_venue_mic: '',
      buyer_trading_capacity: TRADING_CAPACITY,
      buyer_fee: unitsToDecimal(trade.buyerFee.toBigInt(), cash.decimals),
      seller_account: trade.seller.toString(),
      seller_identity: sellerIdentity,
      seller_venue: sellerVenue,
      seller_venue_name: sellerVenueName,
      seller_venue_mic: '',
      seller_trading_capacity: TRADING_CAPACITY,
      seller_fee: unitsToDecimal(trade.sellerFee.toBigInt(), cash.decimals),
      maker_order: trade.makerOrder.toBigInt(),
      taker_order: trade.takerOrder.toBigInt(),
    },
  };
}

/**
 * Every trade in blocks `from` … `to` (numbers or hashes; `to` defaults to the finalized
 * head), in block and event order: of every market, or only of `market` and/or of the
 * markets of `security`. `onRow(row)` receives each as it is found; `onProgress(line)` the
 * progress lines of long ranges. Returns `{ range, rows, rounded }`, `rounded` being how many
 * prices did not end within 13 decimal places and were rounded. Fails if the market or
 * security does not exist at `to`.
 */
export async function transactionsReport(api, {
  from, to, market, security, onRow = () => {}, onProgress,
} = {}) {
  const given = (value) => value !== undefined && value !== null;
  const range = await resolveRange(api, from, to);
  await atBlock(api, range.to, async (at) => {
    if (given(market)) await marketAt(at, market, range.to);
    if (given(security)) await securityAt(at, security, range.to);
  });
  const prefix = chainPrefix(api);
  let rounded = 0;
  const rows = await walkFills(api, range, {
    label: 'transactions-report',
    perBlock: lookupsAt,
    keep: async (fill, { markets }) => (!given(market) || fill.market === market)
      && (!given(security) || (await markets(fill.market)).security.toNumber() === security),
    rowOf: async (fill, context) => {
      const { row, exact } = await reportRow(prefix, fill, context);
      if (!exact) rounded += 1;
      return row;
    },
    onRow,
    onProgress,
  });
  return { range, rows, rounded };
}
