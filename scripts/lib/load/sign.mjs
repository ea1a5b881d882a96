// Signing ahead of time: explicit nonces (counted here, per account, from the chain's next
// index) and a chosen era, so that the measured phase only sends bytes.

/** Next nonces per account, read once from the chain and then counted locally. */
export class Nonces {
  constructor(api) {
    this.api = api;
    this.next = new Map();
  }

  /** Read the next nonce of `addresses` not known yet (the pool's view: accountNextIndex). */
  async load(addresses) {
    const unknown = [...new Set(addresses)].filter((address) => !this.next.has(address));
    const chunk = 500;
    for (let i = 0; i < unknown.length; i += chunk) {
      const part = unknown.slice(i, i + chunk);
      const accounts = await this.api.query.system.account.multi(part);
      part.forEach((address, k) => this.next.set(address, accounts[k].nonce.toNumber()));
    }
  }

  /** Read one account's next index from the pool too (for accounts with pending transactions). */
  async loadPending(address) {
    this.next.set(address, (await this.api.rpc.system.accountNextIndex(address)).toNumber());
  }

  take(address) {
    const nonce = this.next.get(address);
    if (nonce === undefined) throw new Error(`no nonce loaded for ${address}`);
    this.next.set(address, nonce + 1);
    return nonce;
  }
}

/**
 * How to sign: `era` is 'immortal' or a mortality period in blocks (mortal from the current
 * best block). Returns `{ options, describe }` for `sign`.
 */
export async function eraOptions(api, era) {
  if (era === 'immortal' || era === undefined || era === null) return { options: {}, describe: 'immortal' };
  const period = Number(era);
  if (!Number.isInteger(period) || period < 4) throw new Error(`--era: 'immortal' or a period in blocks (>= 4), not ${era}`);
  const header = await api.rpc.chain.getHeader();
  const current = header.number.toNumber();
  const options = {
    era: api.createType('ExtrinsicEra', { current, period }),
    blockHash: header.hash,
  };
  return { options, describe: `mortal, period ${period} from block #${current}` };
}

/**
 * Sign `tx` as `pair` with `nonce` (and `era`, from `eraOptions`; default immortal): `{ hex,
 * hash }` (the hash the pool and blocks use). What polkadot.js' signAsync would fill in, without
 * asking the node.
 */
export function signTx(api, tx, pair, nonce, era = {}) {
  tx.sign(pair, {
    blockHash: api.genesisHash,
    genesisHash: api.genesisHash,
    ...era,
    nonce,
    runtimeVersion: api.runtimeVersion,
    signedExtensions: api.registry.signedExtensions,
    version: api.extrinsicType,
  });
  return { hex: tx.toHex(), hash: tx.hash.toHex() };
}
