#!/usr/bin/env node
// The hash a runtime upgrade motion authorizes: blake2-256 of the wasm file, as
// `exchanges.authorizeUpgrade` and `system.applyAuthorizedUpgrade` compute it
// (docs/upgrading.md).
//
//   node scripts/code-hash.mjs <stledger_runtime.compact.compressed.wasm>

import { readFileSync } from 'node:fs';
import { blake2AsHex } from '@polkadot/util-crypto';

const [file] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/code-hash.mjs <wasm>');
  process.exit(2);
}
const code = readFileSync(file);
console.log(`${blake2AsHex(code, 256)}  ${file} (${code.length} bytes)`);
