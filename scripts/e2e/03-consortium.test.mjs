// The consortium at work: a stranger cannot change it; a node outside it cannot join the
// network; the council admits a fifth exchange whose node then joins and whose validator
// enters the validator set after setting session keys; suspending it takes it out again, and
// removing it takes its node off the network: it loses its peers with no restart. While
// suspended its venue fees are its own (orderbook.VenueStillMember); once removed the
// consortium may pay them out (release 123; it earned none here: orderbook.NoFees).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { u8aToHex } from '@polkadot/util';
import { connect, councilMotion, devKeyring, eventsOf, rpcCall, submit, waitForBlocks } from '../lib/chain.mjs';
import { connectNodeTx, peerOf } from '../lib/network.mjs';
import { generateSessionKeys } from '../lib/session-keys.mjs';
import { env, freshBasePath, startExtraNode } from './env.mjs';

// Node key 5 is the fifth exchange's node; node key 6 belongs to nobody; node key 7 is an RPC
// node Alice's exchange connects (not a validator).
const FIFTH_NODE_PEER_BYTES = '0x002408011220fde4fba030ad002f7c2f7d4c331f49d13fb0ec747eceebec634f1ff4cbca9def';
const ROGUE_PEER_ID = '12D3KooWMz5U7fR8mF5DNhZSSyFN8c19kU63xYopzDSNCzoFigYk';
const VENUE_NODE_KEY = 7;
const USDX = 1;

let api;
let keys;
let fifthNode;
let venueNode;

// Alice's account signs in both concurrent tests below: what it signs outside them is
// signed here and in `after`, one at a time.
before(async () => {
  api = await connect(env.rpc);
  keys = await devKeyring();
  venueNode = { nodeKey: VENUE_NODE_KEY, ...(await peerOf(VENUE_NODE_KEY)) };
  const alice = keys.account('Alice');
  const connected = await submit(api, await connectNodeTx(api, { nodeKey: VENUE_NODE_KEY, peerBytes: venueNode.bytes }, alice.address), alice);
  assert.equal(connected.error, null, "Alice's exchange connects its RPC node");
});

after(async () => {
  await fifthNode?.stop();
  await venueNode?.process?.stop();
  if (venueNode) {
    const disconnected = await submit(api, api.tx.exchanges.disconnectNode(venueNode.bytes), keys.account('Alice'));
    assert.equal(disconnected.error, null);
  }
  await api?.disconnect();
});

function admitCall(operator, validator) {
  return api.tx.exchanges.admit(
    'JP Exchange',
    ['JP'],
    '0x' + '07'.repeat(32),
    operator.address,
    validator.address,
    FIFTH_NODE_PEER_BYTES,
  );
}

async function health(rpc) {
  const node = await connect(rpc);
  try {
    const [healthInfo, header] = await Promise.all([node.rpc.system.health(), node.rpc.chain.getHeader()]);
    return { peers: healthInfo.peers.toNumber(), best: header.number.toNumber() };
  } finally {
    await node.disconnect();
  }
}

test('a stranger cannot admit an exchange: the error is named', async () => {
  const eve = keys.account('Eve');
  const direct = await submit(api, admitCall(eve, eve), eve);
  assert.equal(direct.error, 'exchanges.NotSupermajority');
  // A motion is an operational transaction: a non-member's is refused by the pool (release
  // 124, `Custom error: 1`), before `council.NotMember` could be reached.
  await assert.rejects(submit(api, api.tx.council.propose(1, admitCall(eve, eve), 1000), eve), /Custom error: 1\b/);
  assert.equal((await api.query.exchanges.exchanges.entries()).length, 4, 'still four exchanges');
});

// The rogue node's ten blocks are an observation of a node nobody talks to: they run while the
// council admits the fifth exchange (which the rogue node cannot join either) rather than
// after it.
describe('a rogue node and a fifth exchange', { concurrency: true }, () => {
  test("a node whose key is not an authorized node gets no peers and imports nothing, from a validator or from an exchange's RPC node, even while that node catches up", async (t) => {
    // Alice's exchange connects an RPC node of its own (not a validator), naming Alice's node
    // as its reserved node: it peers with Alice's node and, running the offchain worker as
    // every node does (node/src/peering.rs), with nobody else. polkadot-sdk's default ran the
    // worker on validators only, so such a node peered with anyone and relayed the chain to it.
    const aliceNode = `/ip4/127.0.0.1/tcp/30333/p2p/${(await peerOf(1)).peerId}`;
    const venueAddress = `/ip4/127.0.0.1/tcp/${30333 + 21}/p2p/${venueNode.peerId}`;
    const rogueAddress = `/ip4/127.0.0.1/tcp/${30333 + 20}/p2p/${ROGUE_PEER_ID}`;
    // First the RPC node cannot reach its exchange's node (down: nothing listens at its
    // reserved address) and knows only a rogue node, which knows nobody else (a chain spec
    // without boot nodes): a node with no block to import, whose offchain worker never runs.
    // Before release 121's node it applied no set until then and peered with the rogue node
    // for as long as both ran; now it applies the set from its state (here genesis, which does
    // not name it) and its reserved node, from its start (node/src/authorized_set.rs).
    const spec = JSON.parse(readFileSync(env.chainSpec, 'utf8'));
    const specPath = join(mkdtempSync(join(tmpdir(), 'stledger-spec-')), 'no-boot-nodes.json');
    writeFileSync(specPath, JSON.stringify({ ...spec, bootNodes: [] }));
    const downNode = `/ip4/127.0.0.1/tcp/${30333 + 66}/p2p/${(await peerOf(8)).peerId}`;
    const lonelyRogue = startExtraNode({ nodeKey: 6, offset: 20, chainSpec: specPath });
    const cutOff = startExtraNode({
      nodeKey: VENUE_NODE_KEY, offset: 21, unsafeRpc: true, chainSpec: specPath, bootnodes: [rogueAddress], reservedNodes: [downNode],
    });
    try {
      const observe = async () => {
        const rogueState = await health(lonelyRogue.rpc).catch(() => null);
        const venuePeers = await rpcCall(cutOff.rpc, 'system_peers', []).catch(() => null);
        return rogueState && venuePeers && { rogueState, venuePeers };
      };
      const up = await waitForBlocks(api, async (header) => (await observe()) && header.number.toNumber(),
        { timeoutMs: 60_000, what: 'the cut-off RPC node and the rogue node to answer' });
      const seen = await waitForBlocks(api, async (header) => header.number.toNumber() >= up + 3 && observe(),
        { timeoutMs: 60_000, what: 'three blocks with both up' });
      assert.deepEqual(seen.venuePeers.map((p) => p.peerId), [], `the RPC node peers with nobody (log: ${cutOff.logFile})`);
      assert.equal(seen.rogueState.peers, 0, `the rogue node has no peer (log: ${lonelyRogue.logFile})`);
      assert.match(readFileSync(cutOff.logFile, 'utf8'), /Authorized set applied from #0: 0 from the chain's state, 1 from --reserved-nodes/);
    } finally {
      await Promise.all([cutOff.stop(), lonelyRogue.stop()]);
    }

    // The rogue node knows the validators (the chain spec's boot nodes) and the RPC node.
    const rogue = startExtraNode({ nodeKey: 6, offset: 20, bootnodes: [venueAddress] });
    try {
      // Then it starts again, its exchange's node (Alice's) reserved: it catches up from
      // genesis in major sync, the rogue node dialling it meanwhile, and peers with Alice's
      // node only.
      venueNode.process = startExtraNode({ nodeKey: VENUE_NODE_KEY, offset: 21, unsafeRpc: true, bootnodes: [rogueAddress], reservedNodes: [aliceNode] });
      const venue = venueNode.process;
      await waitForBlocks(api, async (header) => {
        const state = await health(venue.rpc).catch(() => null);
        return state && state.peers >= 1 && state.best >= header.number.toNumber() - 2 && state;
      }, { timeoutMs: 120_000, what: `Alice's RPC node to sync (log: ${venue.logFile})` });
      const venueLog = readFileSync(venue.logFile, 'utf8');
      assert.match(venueLog, /Running libp2p network backend/, 'a node runs libp2p by default');
      assert.match(venueLog, /Authorized set applied from #0: 0 from the chain's state, 1 from --reserved-nodes/,
        'the RPC node, not in the set at genesis, peers with its reserved node only from its start');
      const start = (await api.rpc.chain.getHeader()).number.toNumber();
      let last;
      // Give the rogue node ten blocks of the real chain's time to connect and sync.
      await waitForBlocks(api, async (header) => {
        last = await health(rogue.rpc).catch(() => null);
        return header.number.toNumber() >= start + 10 && last;
      }, { timeoutMs: 120_000, what: 'ten blocks with the rogue node up' });
      assert.deepEqual(last, { peers: 0, best: 0 }, `rogue node state (log: ${rogue.logFile})`);
      // Alice's validator serves no unsafe method (`system_peers` is one); the set it lets in
      // (`system_reservedPeers`, safe: the authorized set its network applies) holds its
      // exchange's RPC node and not the rogue node (never in it: the rogue node's own
      // `peers: 0` above is what shows nobody took it).
      await assert.rejects(api.rpc.system.peers(), /unsafe/, "a validator's system_peers");
      const authorized = (await api.rpc.system.reservedPeers()).map(String);
      assert.ok(!authorized.includes(ROGUE_PEER_ID), "Alice's validator does not let the rogue node in");
      assert.ok(authorized.includes(venueNode.peerId), "Alice's validator lets its exchange's RPC node in");
      const venuePeers = (await rpcCall(venue.rpc, 'system_peers', [])).map((p) => p.peerId);
      assert.ok(!venuePeers.includes(ROGUE_PEER_ID), "Alice's RPC node does not count the rogue node as a peer");
      assert.ok(venuePeers.length >= 1, "Alice's RPC node still peers with Alice's node");
      t.diagnostic(`Alice's RPC node peers: ${venuePeers.length}; the rogue node: ${last.peers} peers, best #${last.best}`);
      // The rogue node was started with no RPC option: the node's default serves safe
      // methods only, even on loopback (node/src/rpc_access.rs).
      await assert.rejects(rpcCall(rogue.rpc, 'author_rotateKeys', []), /RPC call is unsafe to be called externally/);
    } finally {
      await rogue.stop();
    }
  });

  test('the council admits a fifth exchange; its validator joins the set, and leaves when suspended; removed, its node loses its peers', async (t) => {
    const [alice, bob, charlie] = ['Alice', 'Bob', 'Charlie'].map(keys.account);
    const operator = keys.account('//JP Exchange');
    const validator = keys.account('//JP Exchange//validator');

    // Fund the new exchange's accounts so they can pay fees.
    const fund = api.tx.utility.batchAll([
      api.tx.balances.transferKeepAlive(operator.address, 1000n * 10n ** 12n),
      api.tx.balances.transferKeepAlive(validator.address, 1000n * 10n ** 12n),
    ]);
    assert.equal((await submit(api, fund, alice)).error, null);

    // Three quarters of the four admitted exchanges: three votes.
    const { closed, error } = await councilMotion(api, admitCall(operator, validator), alice, [bob, charlie], 3);
    assert.equal(error, null, 'the admission was executed');
    const [admitted] = eventsOf(closed, 'exchanges', 'Admitted');
    assert.ok(admitted, 'exchanges.Admitted was emitted');
    const exchangeId = admitted.data.exchange.toNumber();
    assert.equal((await api.query.council.members()).length, 5, 'the operator holds a council seat');
    const wellKnown = [...(await api.query.nodeAuthorization.wellKnownNodes())].map((n) => n.toHex());
    assert.ok(wellKnown.includes(FIFTH_NODE_PEER_BYTES), 'its node is a well-known node');

    // Before its node first starts, its operator generates the validator's session keys into
    // the node's keystore, bound to the validator account (`stledger-node session-keys`: a
    // validator serves no unsafe RPC method, `author_rotateKeysWithOwner` included).
    const basePath = freshBasePath(5);
    const generated = await generateSessionKeys(env.nodeBin, { chainSpec: env.chainSpec, basePath, owner: validator.address, newNode: true });

    // Its node now joins the network and follows the chain.
    fifthNode = startExtraNode({ nodeKey: 5, offset: 4, validator: true, basePath });
    const synced = await waitForBlocks(api, async (header) => {
      const state = await health(fifthNode.rpc).catch(() => null);
      return state && state.peers > 0 && state.best >= header.number.toNumber() - 2 && state;
    }, { timeoutMs: 120_000, what: `the fifth node to sync (log: ${fifthNode.logFile})` });
    assert.ok(synced.peers > 0);
    await assert.rejects(rpcCall(fifthNode.rpc, 'author_rotateKeysWithOwner', [u8aToHex(validator.publicKey)]),
      /RPC call is unsafe to be called externally/, 'a validator serves no unsafe method, on loopback either');

    // The keys and proof are the validator account's: its operator cannot register them, nor
    // another exchange that read them; the validator does.
    const alicesKeys = (await api.query.session.nextKeys(alice.address)).toHex();
    for (const signer of [operator, alice]) {
      const refused = await submit(api, api.tx.session.setKeys(generated.keys, generated.proof), signer);
      assert.equal(refused.error, 'session.InvalidProof', "another account's keys, by their proof");
    }
    assert.equal((await api.query.session.nextKeys(alice.address)).toHex(), alicesKeys, "Alice's keys unchanged");
    const setKeys = await submit(api, api.tx.session.setKeys(generated.keys, generated.proof), validator);
    assert.equal(setKeys.error, null);

    await waitForBlocks(api, async () => {
      const validators = (await api.query.session.validators()).map(String);
      return validators.includes(validator.address);
    }, { timeoutMs: 180_000, what: 'the fifth validator in session.validators' });

    // It authors: a block by the fifth validator appears.
    await waitForBlocks(api, async (header) => {
      const { author } = await api.derive.chain.getHeader(header.hash);
      return author?.toString() === validator.address;
    }, { timeoutMs: 120_000, what: 'a block authored by the fifth validator' });

    // Suspension: the seat goes at once, the validator at a coming session.
    const suspended = await councilMotion(api, api.tx.exchanges.suspend(exchangeId), alice, [bob, charlie, keys.account('Dave')], 4);
    assert.equal(suspended.error, null);
    assert.equal((await api.query.council.members()).length, 4);
    await waitForBlocks(api, async () => {
      const validators = (await api.query.session.validators()).map(String);
      return validators.length === 4 && !validators.includes(validator.address);
    }, { timeoutMs: 180_000, what: 'the fifth validator to leave session.validators' });
    // A suspended exchange's venue fees are still its own: the consortium cannot pay them out
    // (orderbook.payOutFormerVenueFees, release 123), whatever they are.
    const heldFees = await councilMotion(api, api.tx.orderbook.payOutFormerVenueFees(exchangeId, USDX, alice.address), alice, [bob, charlie, keys.account('Dave')], 4);
    assert.equal(heldFees.error, 'orderbook.VenueStillMember');

    // Removal (three quarters of all five admitted: every seat left): its node leaves the
    // well-known nodes and every validator stops peering with it, with no restart (every
    // node runs libp2p and its offchain worker: node/src/peering.rs); the chain goes on
    // without it.
    const fifthPeerId = (await peerOf(5)).peerId;
    assert.ok((await api.rpc.system.reservedPeers()).map(String).includes(fifthPeerId), "Alice's validator lets the fifth node in");
    const removed = await councilMotion(api, api.tx.exchanges.remove(exchangeId), alice, [bob, charlie, keys.account('Dave')], 4);
    assert.equal(removed.error, null);
    assert.equal(eventsOf(removed.closed, 'exchanges', 'Removed').length, 1);
    // Removed, it is no member: the consortium may pay out its fees, and it earned none here.
    const noFees = await councilMotion(api, api.tx.orderbook.payOutFormerVenueFees(exchangeId, USDX, alice.address), alice, [bob, charlie, keys.account('Dave')], 4);
    assert.equal(noFees.error, 'orderbook.NoFees');
    const removedAt = (await api.rpc.chain.getHeader(removed.closed.blockHash)).number.toNumber();
    const wellKnownAfter = [...(await api.query.nodeAuthorization.wellKnownNodes())].map((n) => n.toHex());
    assert.ok(!wellKnownAfter.includes(FIFTH_NODE_PEER_BYTES), 'its node is no longer a well-known node');
    const removedAtMs = Date.now();
    const isolated = await waitForBlocks(api, async () => {
      const state = await health(fifthNode.rpc).catch(() => null);
      return state && state.peers === 0 && state;
    }, { timeoutMs: 60_000, what: `the removed exchange's node to lose its peers (log: ${fifthNode.logFile})` });
    t.diagnostic(`the removed exchange's node had no peer ${((Date.now() - removedAtMs) / 1000).toFixed(1)} s after the removal's block was reported (#${removedAt}; it stopped at #${isolated.best})`);
    // Alice's validator no longer lets it in (its authorized set, `system_reservedPeers`, as
    // its offchain worker applies it; the removed node's own worker may drop its peers first).
    await waitForBlocks(api, async () => !(await api.rpc.system.reservedPeers()).map(String).includes(fifthPeerId),
      { timeoutMs: 30_000, what: "Alice's validator to take the removed node out of its authorized set" });
    const later = await waitForBlocks(api, async (header) => header.number.toNumber() >= isolated.best + 3 && header, { timeoutMs: 60_000, what: 'three blocks after the isolation' });
    const after = await health(fifthNode.rpc);
    assert.equal(after.peers, 0, 'nobody reconnects to it');
    assert.ok(after.best <= isolated.best + 1, `the removed exchange's node imports nothing more (#${isolated.best} at isolation, #${after.best} now, removed at #${removedAt})`);
    assert.equal(await rpcCall(fifthNode.rpc, 'chain_getHeader', [later.hash.toHex()]), null, `the chain's block #${later.number.toNumber()} never reached the removed exchange's node`);
  });
});

test('the validators keep finalizing after the validator-set changes', async () => {
  const start = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
  await waitForBlocks(api, async () => {
    const finalized = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
    return finalized.number.toNumber() >= start + 3;
  }, { timeoutMs: 90_000, what: 'finality to advance' });
});
