// A four-validator loopback network of its own, for tests that stop, kill, restart and
// misconfigure validators (scripts/e2e/15-network-faults.test.mjs): the same nodes and flags
// as `start_network` in scripts/lib.sh, in a directory and on ports of its own, so it never
// touches the shared network that scripts/test.sh starts (p2p 30333+, RPC 9944+).
//
//   const net = new LocalNetwork({ nodeBin, dir, p2pBase: 31333, rpcBase: 10944 });
//   await net.prepare();          // the raw chain spec, its boot nodes on these ports
//   await net.startAll();         // alice, bob, charlie, dave
//   await net.waitForFinalized(2, { timeoutMs: 240_000 });
//   await net.kill(2);            // SIGKILL charlie
//   net.start(2);                 // again, on the same base path with the same flags
//   await net.stopAll();          // SIGINT each, SIGKILL after a grace period
//
// Backups (scripts/e2e/19-operations.test.mjs): of a stopped node, `backupDatabase(i, dir)`
// copies its ParityDB directory and keystore, `exportBlocks(i, file)` runs `export-blocks`
// on its base path; `restoreDatabase(dir, basePath)` and `importBlocks(basePath, file)` build
// a fresh base path from them, which `addNode({ …, basePath })` then runs.
//
// Every process this module starts is tracked by its pid and only those are signalled.
// `start(i, { faketime: '+10s' })` runs a validator with its wall clock shifted
// (libfaketime, LD_PRELOAD; the monotonic clock is left alone).

import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { hexToU8a, stringToU8a, u8aConcat, u8aToBn, u8aToHex } from '@polkadot/util';
import { base58Encode, cryptoWaitReady, decodeAddress, ed25519PairFromSeed, ed25519Sign, sr25519Verify } from '@polkadot/util-crypto';

export const VALIDATOR_NAMES = ['alice', 'bob', 'charlie', 'dave'];
const REPO_ROOT = new URL('../../', import.meta.url).pathname;

/** The node key of node `n` as `start_network` passes it: `n` as 32 bytes, hex. */
export const nodeKeyHex = (n) => n.toString(16).padStart(64, '0');

/** The ed25519 key pair of a node key: its secret as 64 hex digits (a `--node-key-file`'s
 * content, `0x` optional) or as a number (`nodeKeyHex`). */
async function nodeKeyPair(secret) {
  await cryptoWaitReady();
  const hex = typeof secret === 'string' ? secret.trim().replace(/^0x/, '') : nodeKeyHex(BigInt(secret));
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('a node key is 32 bytes: 64 hex digits');
  return ed25519PairFromSeed(hexToU8a(`0x${hex}`));
}

/** The libp2p peer id of the ed25519 node key `n` (a number, or a key file's 64 hex digits):
 * `{ peerId: '12D3KooW…', bytes: '0x0024…' }` (`bytes`: the multihash, as
 * `nodeAuthorization` and `exchanges` store a node). */
export async function peerOf(n) {
  const { publicKey } = await nodeKeyPair(n);
  // the identity multihash of the protobuf-encoded public key (KeyType Ed25519 = 1)
  const multihash = new Uint8Array([0x00, 0x24, 0x08, 0x01, 0x12, 0x20, ...publicKey]);
  return { peerId: base58Encode(multihash), bytes: `0x${Buffer.from(multihash).toString('hex')}` };
}

/**
 * The proof `exchanges.connectNode` takes that exchange `exchange`, operated by `operator` (an
 * address), holds node key `secret` (as `peerOf` takes it), on the chain of genesis hash
 * `genesisHash`: the key's ed25519 signature of `stledger/connect-node/v1` ‖ genesis hash ‖
 * exchange id (4 bytes, little-endian) ‖ operator account (32 bytes), as
 * `pallet_exchanges::Pallet::node_key_message` builds it. Hex.
 */
export async function nodeKeyProof(secret, genesisHash, exchange, operator) {
  const pair = await nodeKeyPair(secret);
  const id = new Uint8Array(4);
  new DataView(id.buffer).setUint32(0, exchange, true);
  const message = u8aConcat(stringToU8a('stledger/connect-node/v1'), hexToU8a(genesisHash), id, decodeAddress(operator));
  return u8aToHex(ed25519Sign(message, pair));
}

/** `exchanges.connectNode` of node `node` (a `Network` node) for the exchange `operator` (an
 * address) operates, with its node key's proof. */
export async function connectNodeTx(api, node, operator) {
  const exchange = (await api.query.exchanges.exchangeOfAccount(operator)).unwrap().toNumber();
  const proof = await nodeKeyProof(node.nodeKey, api.genesisHash.toHex(), exchange, operator);
  return api.tx.exchanges.connectNode(node.peerBytes, proof);
}

/** Aura's slot of a block: its `aura` pre-runtime digest (a polkadot.js Header), or null. */
export function auraSlot(header) {
  const item = header.digest.logs.find((log) => log.isPreRuntime && log.asPreRuntime[0].toString() === 'aura');
  return item ? u8aToBn(item.asPreRuntime[1].toU8a(true), { isLe: true }).toNumber() : null;
}

/**
 * Whether a block (a polkadot.js Header) is sealed by the Aura key `publicKey` (sr25519, hex
 * or bytes): its `aura` seal is that key's signature of the hash of the header without the
 * seal, as Aura's import checks it. Tells which key authored a block, not only which account.
 */
export async function auraSealedBy(header, publicKey) {
  await cryptoWaitReady();
  const logs = header.digest.logs;
  const seal = logs.find((log) => log.isSeal && log.asSeal[0].toString() === 'aura');
  if (!seal) return false;
  const preHeader = header.registry.createType('Header', {
    parentHash: header.parentHash,
    number: header.number,
    stateRoot: header.stateRoot,
    extrinsicsRoot: header.extrinsicsRoot,
    digest: { logs: logs.filter((log) => log !== seal) },
  });
  return sr25519Verify(preHeader.hash, seal.asSeal[1].toU8a(true), publicKey);
}

/** libfaketime's multi-threaded preload library, if installed (Debian package `faketime`). */
export function faketimeLibrary() {
  const candidates = [];
  for (const base of ['/usr/lib', '/usr/local/lib', '/usr/lib64']) {
    if (!existsSync(base)) continue;
    candidates.push(join(base, 'faketime', 'libfaketimeMT.so.1'));
    for (const entry of readdirSync(base)) candidates.push(join(base, entry, 'faketime', 'libfaketimeMT.so.1'));
  }
  return candidates.find((path) => existsSync(path)) ?? null;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const range = (from, count) => Array.from({ length: count }, (_, i) => from + i);

/**
 * The size of the files under `path` (a file or a directory): `{ bytes, allocated }`, their
 * apparent size and the disk they take (ParityDB's index files are sparse: 32 MiB each,
 * mostly holes).
 */
export function sizeOf(path) {
  const stat = statSync(path);
  const files = stat.isDirectory()
    ? readdirSync(path, { recursive: true }).map((entry) => statSync(join(path, entry))).filter((s) => s.isFile())
    : [stat];
  return {
    bytes: files.reduce((sum, s) => sum + s.size, 0),
    allocated: files.reduce((sum, s) => sum + s.blocks * 512, 0),
  };
}

/** `cp -a` (keeps the holes of sparse files, which fs.cpSync fills) of `from` into `to`. */
function copyTree(from, to) {
  const run = spawnSync('cp', ['-a', from, to], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`cp -a ${from} ${to} failed: ${run.stderr}`);
}

/** Whether `port` on 127.0.0.1 can be listened on now. */
function portFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** One JSON-RPC call over HTTP; rejects on an error answer or after `timeoutMs`. */
export async function httpRpc(url, method, params = [], { timeoutMs = 5_000 } = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await response.json();
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

export class LocalNetwork {
  /**
   * `nodeBin`: the stledger-node binary; `dir`: a fresh directory for specs, base paths and
   * logs; validator `i` listens on p2p `p2pBase + i` and RPC `rpcBase + i`. `description`:
   * the readable chain spec (default chain-specs/local.json). `args`: more arguments for
   * every node.
   */
  constructor({ nodeBin, dir, p2pBase = 31333, rpcBase = 10944, description = join(REPO_ROOT, 'chain-specs/local.json'), args = [] }) {
    this.nodeBin = nodeBin;
    this.dir = dir;
    this.p2pBase = p2pBase;
    this.rpcBase = rpcBase;
    this.description = description;
    this.args = args;
    this.spec = join(dir, 'local-raw.json');
    this.nodes = []; // every node started (validators and extra nodes), by index
  }

  /**
   * Export the raw chain spec and point its boot nodes at this network's ports (the boot
   * nodes are not part of the genesis: the chain is the same). Computes the validators.
   */
  async prepare({ extraPorts = 1 } = {}) {
    // The ports of the four validators and of `extraPorts` more nodes must be free.
    const wanted = range(0, 4 + extraPorts).flatMap((i) => [this.p2pBase + i, this.rpcBase + i]);
    const busy = [];
    for (const port of wanted) if (!(await portFree(port))) busy.push(port);
    if (busy.length) throw new Error(`ports in use: ${busy.join(', ')} (another network on them?)`);
    mkdirSync(this.dir, { recursive: true });
    const exported = spawnSync(this.nodeBin, ['export-chain-spec', '--chain', this.description, '--raw', '--output', this.spec], {
      encoding: 'utf8', timeout: 120_000,
    });
    if (exported.status !== 0) throw new Error(`export-chain-spec failed (${exported.status}): ${exported.stderr}`);
    const spec = JSON.parse(readFileSync(this.spec, 'utf8'));
    const validators = await Promise.all(VALIDATOR_NAMES.map(async (name, i) => {
      const peer = await peerOf(i + 1);
      return this.#describe({ name, key: name, nodeKey: i + 1, peer, offset: i });
    }));
    spec.bootNodes = validators.map((v) => v.multiaddr);
    writeFileSync(this.spec, JSON.stringify(spec));
    this.nodes = validators;
    return this;
  }

  /** The chain's id (the raw spec's `id`): a base path keeps its data in `chains/<id>/`. */
  get chainId() {
    this.#chainId ??= JSON.parse(readFileSync(this.spec, 'utf8')).id;
    return this.#chainId;
  }

  #chainId = null;

  /** `chains/<id>` of a base path: its `paritydb` (the database) and `keystore` directories. */
  chainDir(basePath) {
    return join(basePath, 'chains', this.chainId);
  }

  /**
   * Run a subcommand of the node (`export-blocks`, `import-blocks`, `chain-info`, …) with this
   * network's chain spec: `{ stdout, stderr, ms }`. Throws with its output if it fails.
   */
  command(subcommand, args = [], { timeoutMs = 300_000 } = {}) {
    const started = performance.now();
    const run = spawnSync(this.nodeBin, [subcommand, '--chain', this.spec, ...args], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
    const ms = Math.round(performance.now() - started);
    if (run.status !== 0) throw new Error(`${subcommand} failed (${run.status ?? run.signal}) after ${ms} ms: ${run.stderr.trim().split('\n').slice(-5).join('\n')}`);
    return { stdout: run.stdout, stderr: run.stderr, ms };
  }

  /** `chain-info` of a base path whose node is stopped: `{ best_number, finalized_number, … }`. */
  chainInfo(basePath) {
    return JSON.parse(this.command('chain-info', ['--base-path', basePath]).stdout);
  }

  #stopped(which) {
    const node = this.node(which);
    if (node.child) throw new Error(`${node.name} is running (pid ${node.child.pid}): stop it first`);
    return node;
  }

  /**
   * Copy stopped node `which`'s database (`chains/<id>/paritydb`) and keystore into `dest`
   * (`dest/paritydb`, `dest/keystore`), as `cp -a` does: `{ bytes, allocated, ms }`.
   */
  backupDatabase(which, dest) {
    const from = this.chainDir(this.#stopped(which).basePath);
    const started = performance.now();
    mkdirSync(dest, { recursive: true });
    for (const part of ['paritydb', 'keystore']) {
      if (existsSync(join(from, part))) copyTree(join(from, part), join(dest, part));
    }
    return { ...sizeOf(dest), ms: Math.round(performance.now() - started) };
  }

  /** Put a `backupDatabase` copy into the base path `basePath` (which must not hold a chain yet). */
  restoreDatabase(backup, basePath) {
    const to = this.chainDir(basePath);
    if (existsSync(join(to, 'paritydb'))) throw new Error(`${to} already holds a database`);
    const started = performance.now();
    mkdirSync(to, { recursive: true });
    for (const part of ['paritydb', 'keystore']) {
      if (existsSync(join(backup, part))) copyTree(join(backup, part), join(to, part));
    }
    return { ms: Math.round(performance.now() - started) };
  }

  /**
   * `export-blocks` of stopped node `which` into `file`, blocks 1 to `to` (default: its
   * finalized head, as `chain-info` reads it), binary unless `binary` is false:
   * `{ from, to, bytes, ms }`.
   */
  exportBlocks(which, file, { binary = true, to } = {}) {
    const { basePath } = this.#stopped(which);
    const last = to ?? this.chainInfo(basePath).finalized_number;
    const { ms } = this.command('export-blocks', ['--base-path', basePath, '--from', '1', '--to', String(last), ...(binary ? ['--binary'] : []), file]);
    return { from: 1, to: last, bytes: statSync(file).size, ms };
  }

  /** `import-blocks` of `file` into the base path `basePath`: `{ ms, info }` (`chain-info` after). */
  importBlocks(basePath, file, { binary = true } = {}) {
    const { ms } = this.command('import-blocks', ['--base-path', basePath, ...(binary ? ['--binary'] : []), file]);
    return { ms, info: this.chainInfo(basePath) };
  }

  #describe({ name, key, nodeKey, peer, offset, basePath }) {
    const { peerId } = peer;
    const p2pPort = this.p2pBase + offset;
    const rpcPort = this.rpcBase + offset;
    return {
      name,
      key, // --alice … (or null: not a validator)
      nodeKey,
      peerId,
      peerBytes: peer.bytes,
      p2pPort,
      rpcPort,
      ws: `ws://127.0.0.1:${rpcPort}`,
      http: `http://127.0.0.1:${rpcPort}`,
      multiaddr: `/ip4/127.0.0.1/tcp/${p2pPort}/p2p/${peerId}`,
      basePath: basePath ?? join(this.dir, name),
      logFile: join(this.dir, `${name}.log`),
      child: null,
      exited: null,
      starts: 0,
    };
  }

  get validators() {
    return this.nodes.slice(0, 4);
  }

  node(which) {
    const node = typeof which === 'number' ? this.nodes[which] : this.nodes.find((n) => n.name === which);
    if (!node) throw new Error(`no node ${which}`);
    return node;
  }

  /**
   * Describe (not start) another node: `name`, `key` (a dev key such as 'dave' to run with
   * `--dave`, or null), `nodeKey` (a number), `offset` (ports p2pBase+offset, rpcBase+offset),
   * `basePath` (default: `dir/name`; e.g. one restored from a backup).
   */
  async addNode({ name, key = null, nodeKey, offset, basePath }) {
    const node = this.#describe({ name, key, nodeKey, peer: await peerOf(nodeKey), offset, basePath });
    this.nodes.push(node);
    return node;
  }

  /** The arguments `start_network` gives validator `node`, and `extra`. */
  argsOf(node, extra = []) {
    return [
      '--chain', this.spec,
      '--base-path', node.basePath,
      ...(node.key ? [`--${node.key}`] : []),
      '--node-key', nodeKeyHex(node.nodeKey),
      '--listen-addr', `/ip4/127.0.0.1/tcp/${node.p2pPort}`,
      '--rpc-port', String(node.rpcPort),
      '--no-mdns',
      '--no-prometheus',
      '--no-telemetry',
      '--pool-limit', '32768', '--pool-kbytes', '65536',
      ...this.args,
      ...extra,
    ];
  }

  /**
   * Start node `which` (index or name) on its base path. `faketime`: a libfaketime offset such
   * as '+10s' or '-10s' for its wall clock; `args`: more arguments. Appends to its log.
   */
  start(which, { faketime = null, args = [] } = {}) {
    const node = this.node(which);
    if (node.child) throw new Error(`${node.name} is running (pid ${node.child.pid})`);
    const env = { ...process.env };
    if (faketime) {
      const library = faketimeLibrary();
      if (!library) throw new Error('libfaketime is not installed (Debian package faketime; scripts/test.sh installs it)');
      Object.assign(env, { LD_PRELOAD: library, FAKETIME: faketime, FAKETIME_DONT_FAKE_MONOTONIC: '1', FAKETIME_NO_CACHE: '1' });
    }
    const fd = openSync(node.logFile, 'a');
    writeFileSync(fd, `\n==== start ${node.starts + 1} at ${new Date().toISOString()}${faketime ? ` (faketime ${faketime})` : ''} ====\n`);
    const child = spawn(this.nodeBin, this.argsOf(node, args), { stdio: ['ignore', fd, fd], env });
    closeSync(fd);
    node.child = child;
    node.faketime = faketime;
    node.starts += 1;
    node.startedAt = Date.now();
    node.exited = new Promise((resolve) => child.on('exit', (code, signal) => {
      if (node.child === child) node.child = null;
      node.lastExit = { code, signal, at: Date.now() };
      resolve({ code, signal });
    }));
    return node;
  }

  async startAll(options = {}) {
    for (let i = 0; i < 4; i += 1) this.start(i, options);
  }

  /** The pid of a running node, or null. */
  pid(which) {
    return this.node(which).child?.pid ?? null;
  }

  /** Send `signal` to node `which` and wait for it to exit (SIGKILL after `graceMs`). */
  async signal(which, signal, { graceMs = 20_000 } = {}) {
    const node = this.node(which);
    const child = node.child;
    if (!child) return null;
    const exited = node.exited;
    child.kill(signal);
    const timer = setTimeout(() => { if (node.child === child) child.kill('SIGKILL'); }, graceMs);
    const result = await exited;
    clearTimeout(timer);
    return result;
  }

  /** SIGKILL: as if the machine had lost power. */
  kill(which) {
    return this.signal(which, 'SIGKILL');
  }

  /** SIGINT: a clean stop (the database closed), SIGKILL after `graceMs`. */
  stop(which, options) {
    return this.signal(which, 'SIGINT', options);
  }

  async stopAll(options) {
    await Promise.all(this.nodes.map((node) => (node.child ? this.signal(node.name, 'SIGINT', options) : null)));
  }

  /** Kill this network's nodes should the test process die without stopping them. */
  killOnExit() {
    process.on('exit', () => {
      for (const node of this.nodes) if (node.child) node.child.kill('SIGKILL');
    });
  }

  /**
   * `test(name, options, fn)` (node:test's) that, on failure, sets `this.failed` (so the
   * caller keeps the network's directory) and prints each node's last log lines.
   */
  scenario(test, name, options, fn) {
    test(name, options, async (t) => {
      try {
        await fn(t);
      } catch (error) {
        this.failed = true;
        for (const node of this.nodes) console.error(`--- ${node.name} (${node.child ? `pid ${node.child.pid}` : 'down'}):\n${this.tail(node.name, 15)}`);
        throw error;
      }
    });
  }

  /** One JSON-RPC call to node `which` over HTTP. */
  rpc(which, method, params = [], options) {
    return httpRpc(this.node(which).http, method, params, options);
  }

  /** `{ best, finalized, finalizedHash, peers, isSyncing }` of node `which` (throws if down). */
  async status(which) {
    const [header, finalizedHash, health] = await Promise.all([
      this.rpc(which, 'chain_getHeader'),
      this.rpc(which, 'chain_getFinalizedHead'),
      this.rpc(which, 'system_health'),
    ]);
    const finalizedHeader = await this.rpc(which, 'chain_getHeader', [finalizedHash]);
    return {
      best: parseInt(header.number, 16),
      finalized: parseInt(finalizedHeader.number, 16),
      finalizedHash,
      peers: health.peers,
      isSyncing: health.isSyncing,
    };
  }

  /** The block hash at `number` on node `which`'s best chain (null if it has none). */
  hashAt(which, number) {
    return this.rpc(which, 'chain_getBlockHash', [number]);
  }

  /**
   * Poll (every `intervalMs`) until `check()` returns a truthy value, which is returned; fail
   * after `timeoutMs` with `what`, the last error seen and the running nodes' log tails.
   */
  async waitFor(check, { timeoutMs = 120_000, intervalMs = 500, what = 'a condition' } = {}) {
    const deadline = Date.now() + timeoutMs;
    let lastError = null;
    for (;;) {
      try {
        const value = await check();
        if (value) return value;
      } catch (error) {
        lastError = error;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError.message})` : ''}`);
      }
      await sleep(intervalMs);
    }
  }

  /** Wait until every node of `which` (indexes/names; default: the running validators) has finalized `target`. */
  waitForFinalized(target, { which, timeoutMs = 120_000, what } = {}) {
    const list = which ?? this.validators.filter((n) => n.child).map((n) => n.name);
    return this.waitFor(async () => {
      const states = await Promise.all(list.map((n) => this.status(n)));
      return states.every((s) => s.finalized >= target) && states;
    }, { timeoutMs, what: what ?? `finalized block #${target} on ${list.join(', ')}` });
  }

  /** The last `lines` lines of node `which`'s log. */
  tail(which, lines = 30) {
    try {
      return readFileSync(this.node(which).logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  /** The size of node `which`'s log now: a mark for `grep(…, { since })`. */
  logSize(which) {
    try {
      return statSync(this.node(which).logFile).size;
    } catch {
      return 0;
    }
  }

  /** The lines of node `which`'s log matching `pattern`, written after the mark `since` (bytes). */
  grep(which, pattern, { since = 0 } = {}) {
    let text;
    try {
      text = readFileSync(this.node(which).logFile).subarray(since).toString('utf8');
    } catch {
      return [];
    }
    return text.split('\n').filter((line) => pattern.test(line));
  }
}
