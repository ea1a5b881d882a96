// The runtime's `local` preset and chain-specs/local.json describe the same network, and the
// example description of a real consortium is a valid description; no description but a
// development network's may give anyone a Root key.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

test('a description with a sudo key builds no spec unless its network is a development one', () => {
  const example = JSON.parse(readFileSync(join(dirname(env.description), 'example-consortium.json'), 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'stledger-sudo-'));
  for (const chainType of ['Live', 'Local']) {
    const file = join(dir, `${chainType}.json`);
    writeFileSync(file, JSON.stringify({ ...example, chainType, sudo: example.exchanges[0].operator }));
    const refused = spawnSync(env.nodeBin, ['export-chain-spec', '--chain', file, '--raw'], { encoding: 'utf8', timeout: 60_000 });
    assert.notEqual(refused.status, 0, `${chainType}: refused`);
    assert.match(refused.stderr, /sudo: a Root key outranks every consortium threshold, so only a `Development` network may have one, and this one is `/);
  }
  const file = join(dir, 'Development.json');
  writeFileSync(file, JSON.stringify({ ...example, chainType: 'Development', sudo: example.exchanges[0].operator }));
  const spec = JSON.parse(execFileSync(env.nodeBin, ['export-chain-spec', '--chain', file], { maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] }));
  assert.equal(spec.chainType, 'Development');
});
