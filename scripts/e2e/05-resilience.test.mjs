// One validator of four down: the other three keep producing and finalizing blocks.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, waitForBlocks } from '../lib/chain.mjs';
import { env } from './env.mjs';

let api;
let paused;

before(async () => {
  api = await connect(env.rpc);
});

after(async () => {
  if (paused) process.kill(paused, 'SIGCONT');
  await api?.disconnect();
});

test('with one validator of four stopped, blocks are still produced and finalized', async (t) => {
  // scripts/test.sh records the validators' pids in order: Alice, Bob, Charlie, Dave.
  const pids = readFileSync(join(env.data, 'pids'), 'utf8').trim().split(/\s+/).map(Number);
  assert.equal(pids.length, 4);
  paused = pids[3];
  process.kill(paused, 'SIGSTOP'); // Dave's node: frozen, as if the machine had failed

  const finalizedNumber = async () =>
    (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
  const startBest = (await api.rpc.chain.getHeader()).number.toNumber();
  const startFinalized = await finalizedNumber();
  const reached = await waitForBlocks(api, async (header) => {
    const finalized = await finalizedNumber();
    // Eight blocks take Dave's slot at least twice (one in four): authoring skips it, and
    // three of four voters finalize.
    return header.number.toNumber() >= startBest + 8 && finalized >= startFinalized + 6 && { best: header.number.toNumber(), finalized };
  }, { timeoutMs: 120_000, what: 'eight blocks and six finalized without Dave' });
  t.diagnostic(`without one validator: best #${startBest} -> #${reached.best}, finalized #${startFinalized} -> #${reached.finalized}`);

  process.kill(paused, 'SIGCONT');
  paused = undefined;
});
