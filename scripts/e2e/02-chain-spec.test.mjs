// The runtime's `local` preset and chain-specs/local.json describe the same network, and the
// example description of a real consortium is a valid description.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { env } from './env.mjs';

function rawGenesis(chain) {
  const spec = JSON.parse(execFileSync(env.nodeBin, ['export-chain-spec', '--chain', chain, '--raw'], {
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
  return spec.genesis.raw.top;
}

test('the local preset and chain-specs/local.json give the same genesis state', () => {
  const fromPreset = rawGenesis('local');
  const fromDescription = rawGenesis(env.description);
  assert.ok(Object.keys(fromPreset).length > 10);
  assert.deepEqual(fromDescription, fromPreset);
});

test('the example consortium description builds a launch spec', () => {
  const example = join(dirname(env.description), 'example-consortium.json');
  const genesis = rawGenesis(example);
  assert.ok(Object.keys(genesis).length > 10);
});
