// What an audit is about, checked at a block: a security, a market, an account's identity.

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

/** A `BoundedVec<u8>` / `Bytes` reason as text (UTF-8; invalid bytes become U+FFFD). */
export function reasonText(bytes) {
  return u8aToString(bytes.toU8a(true));
}
