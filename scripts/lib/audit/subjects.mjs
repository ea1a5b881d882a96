// What an audit is about, checked at a block: a security, a market, an account's identity,
// an exchange, an asset's metadata.

import { u8aToString } from '@polkadot/util';
import { AuditError } from './errors.mjs';

/** The security's record at the block (`securities.securities`), or "no security N at block #B". */
export async function securityAt(at, security, block) {
  const record = await at.query.securities.securities(security);
  if (record.isNone) throw new AuditError(`no security ${security} at block #${block.number}`);
  return record.unwrap();
}

/** The market's record at the block (`orderbook.markets`), or "no market N at block #B". */
export async function marketAt(at, market, block) {
  const record = await at.query.orderbook.markets(market);
  if (record.isNone) throw new AuditError(`no market ${market} at block #${block.number}`);
  return record.unwrap();
}

/** The investor identity an account belonged to at the block (attestation pallet), or null. */
export async function identityAt(at, account) {
  const identity = await at.query.attestation.identityOfAccount(account);
  return identity.isSome ? identity.unwrap().toBigInt() : null;
}

/** A `BoundedVec<u8>` / `Bytes` (a reason, a name) as text (UTF-8; invalid bytes become U+FFFD). */
export function reasonText(bytes) {
  return u8aToString(bytes.toU8a(true));
}

/** The exchange's name at the block (`exchanges.exchanges`), or '' if there is no such exchange. */
export async function exchangeNameAt(at, exchange) {
  const record = await at.query.exchanges.exchanges(exchange);
  return record.isSome ? reasonText(record.unwrap().name) : '';
}

/**
 * An asset's metadata at the block (`assets.metadata`): `{ symbol, decimals }`. An asset
 * without metadata has symbol '' and 0 decimals (what `pallet-assets` stores by default).
 */
export async function assetMetadataAt(at, asset) {
  const metadata = await at.query.assets.metadata(asset);
  return { symbol: reasonText(metadata.symbol), decimals: metadata.decimals.toNumber() };
}

/** A security record's ISIN (`Option<[u8; 12]>`, ASCII) as text, or '' if it has none. */
export function isinText(security) {
  return security.isin.isSome ? u8aToString(security.isin.unwrap().toU8a(true)) : '';
}
