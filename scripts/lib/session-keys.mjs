// A validator's session keys, generated as its operator does (docs/operating-a-validator.md,
// "Rotating session keys"): `stledger-node session-keys` with the node stopped, into the
// keystore of its base path, bound to the validator account that will sign `session.setKeys`.
// Validators serve no unsafe RPC method, so `author_rotateKeysWithOwner` is not available.

import { spawnSync } from 'node:child_process';

/**
 * Run `nodeBin session-keys --chain chainSpec --base-path basePath --owner owner` (`owner`:
 * an SS58 address) and return what it prints, `{ keys, proof }` (hex), for
 * `session.setKeys(keys, proof)`. The node on `basePath` must be stopped (ParityDB's lock).
 */
export function generateSessionKeys(nodeBin, { chainSpec, basePath, owner }) {
  const args = ['session-keys', '--chain', chainSpec, '--base-path', basePath, '--owner', owner];
  const run = spawnSync(nodeBin, args, { encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) {
    throw new Error(`stledger-node ${args.join(' ')} exited with ${run.status ?? run.signal}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
  const generated = JSON.parse(run.stdout.trim().split('\n').pop());
  if (!/^0x[0-9a-f]+$/.test(generated.keys) || !/^0x[0-9a-f]+$/.test(generated.proof)) {
    throw new Error(`stledger-node session-keys printed ${run.stdout}`);
  }
  return generated;
}
