#!/usr/bin/env node
// Seed the demo world on a running `local` network and print how to use it.
//
//   node scripts/seed-demo.mjs [--rpc ws://127.0.0.1:9944] [--quiet]
//
// Idempotent: run it again and it sends nothing. scripts/run.sh runs it after the network is up.

import { parseArgs } from 'node:util';
import { connect, devKeyring } from './lib/chain.mjs';
import { PEOPLE, seedDemoWorld } from './lib/demo-world.mjs';

const { values } = parseArgs({
  options: { rpc: { type: 'string', default: 'ws://127.0.0.1:9944' }, quiet: { type: 'boolean', default: false } },
});

let api;
try {
  api = await connect(values.rpc);
} catch (error) {
  console.error(`seed-demo: cannot reach ${values.rpc}: ${error.message}`);
  process.exit(2);
}
try {
  const keys = await devKeyring();
  const started = Date.now();
  const world = await seedDemoWorld(api, keys, { log: (line) => console.error(`  · ${line}`) });
  const took = ((Date.now() - started) / 1000).toFixed(0);
  console.error(world.sent ? `  demo world seeded in ${took} s (${world.sent} transactions)` : '  demo world already seeded: nothing sent');
  if (!values.quiet) console.log(guide(world));
} catch (error) {
  console.error(`seed-demo: ${error.message}`);
  process.exitCode = 1;
} finally {
  await api.disconnect();
}

function guide({ acme, regD, regS, harbor, harborOffering, market }) {
  const people = Object.values(PEOPLE)
    .map(({ seed, role }) => `    ${seed.padEnd(19)} ${role}`)
    .join('\n');
  return `
  The demo world (every account is a dev seed: add it in polkadot.js with "//name" as the secret)

    securities  ACME = ${acme} "Acme Robotics Series A" (Reg D 506(c) preset, widened for a Reg S tranche)
                HRBR = ${harbor} "Harbor Green Bond 2030" (offering ${harborOffering}, sold out and settled)
    offerings   ${regD} = ACME Reg D 506(c) tranche, 25 USDX (US accredited and above, 1-year lock-up)
                ${regS} = ACME Reg S tranche, 25 USDX (no US investor, 40-day distribution period)
    market      ${market} = HRBR/USDX on the SG (2), US (0) and EU (1) venues, resting bids and asks
    cash        USDX = asset 1 (6 decimals); fees may be paid in USDX (signing option assetId: 1)
    exchanges   0 US Exchange //Alice · 1 EU Exchange (DE) //Bob · 2 SG Exchange //Charlie · 3 CH Exchange //Dave

${people}

  Three things to try in polkadot.js apps (https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A9944;
  Settings → Developer: {"TAssetConversion": "Option<u32>"} to pay fees in USDX):
    1. Subscribe: Developer → Extrinsics, as //us-accredited: offerings.subscribe(${regD}, 20). As //us-retail
       the same call fails with securities.ClassNotAllowed.
    2. Place an order: as //sg-retail, orderbook.placeOrder(${market}, 2, Bid, 10100, 5, GoodTillCancelled, none,
       <any client id>, none, 8): it buys 5 HRBR from //sg-institutional's ask at 101 USDX.
       Depth: Developer → Runtime calls → orderbookApi.depth(${market}, 10).
    3. Ask why a transfer would fail: Developer → Runtime calls → securitiesApi.canTransfer(${acme},
       <us-accredited>, <us-retail>, 10, PeerToPeer): every failing reason, not just the first.
`;
}
