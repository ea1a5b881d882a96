// What a load run did, from the transactions' statuses, the blocks of the finalized chain and
// the monitor's samples: outcomes, dispatch results and fills per kind, each block, rates
// over the active window, finality lag, latencies, and every transaction that failed or was
// lost, with its reason. `summary` prints it for people; the object is the JSON report.

const FULL_PCT = 95;
const OUTCOMES = ['finalized', 'invalid', 'dropped', 'usurped', 'finalityTimeout', 'rpcError', 'connectionClosed', 'stranded'];

export function percentile(sorted, p) {
  if (!sorted.length) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

const round = (value, digits = 1) => (value === null || value === undefined ? null : Number(value.toFixed(digits)));

function distribution(values) {
  const sorted = values.filter((v) => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return { n: 0, p50: null, p95: null, p99: null, max: null, mean: null };
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1]),
    mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}

async function inBatches(items, size, fn) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

/**
 * Analyse a run. `records`: the load's records (schedule order); `run`: what `Submitter.run`
 * returned plus `wallStart`/`perfStart` (the same instant on both clocks) and `settledAt`;
 * `firstBlock`: the best block before sending; `validators`: author names by node index.
 */
export async function analyse({ api, reader, records, run, monitor, firstBlock, validators, nodeUrls, kinds, lotsPerBid = 1 }) {
  const toWall = (perf) => (perf === null ? null : run.wallStart + (perf - run.perfStart));
  const byHash = new Map(records.map((rec) => [rec.hash, rec]));
  const finalizedHash = (await api.rpc.chain.getFinalizedHead()).toHex();
  const lastFinal = (await api.rpc.chain.getHeader(finalizedHash)).number.toNumber();

  // The finalized chain from the first block after the load started.
  const numbers = Array.from({ length: Math.max(0, lastFinal - firstBlock) }, (_, i) => firstBlock + 1 + i);
  const chain = await inBatches(numbers, 4, async (n) => reader.read(await reader.hashAt(n)));
  const blockOf = new Map(chain.map((block) => [block.hash, block]));
  let previous = firstBlock > 0 ? await reader.read(await reader.hashAt(firstBlock)) : null;

  // Each record's block (finalized, else the last it was reported in) and dispatch result.
  // A record with no such status may still be on chain (a node may answer a submission with
  // an error and import it all the same): the finalized chain is searched for it too.
  const onChain = new Map();
  for (const block of chain) block.extrinsics.forEach((hash) => onChain.set(hash, block));
  for (const rec of records) {
    const hash = rec.finalized ?? rec.inBlock;
    let block = hash ? blockOf.get(hash) : onChain.get(rec.hash);
    if (!block && !hash) continue;
    if (!block) {
      try { block = await reader.read(hash); } catch { continue; }
    }
    if (!hash) rec.includedWithoutStatus = true;
    const index = block.extrinsics.indexOf(rec.hash);
    if (index < 0) continue;
    const result = block.results[index];
    rec.block = block.number;
    rec.author = block.author;
    rec.ok = result.ok;
    rec.dispatchError = result.error;
    rec.fills = result.fills;
  }

  // Blocks.
  const authorNode = new Map(validators.map((name, i) => [name, i]));
  const monitorCount = monitor.poolSamples.length ? Math.max(...monitor.poolSamples.map((p) => p.node)) + 1 : 0;
  const samplesAt = new Map();
  for (const s of monitor.poolSamples) {
    const key = `${s.best}/${s.node}`;
    if (!samplesAt.has(key)) samplesAt.set(key, s.ready);
  }
  const blocks = chain.map((block) => {
    const byKind = {};
    let ours = 0;
    let fills = 0;
    let failed = 0;
    let fromAuthorNode = 0;
    block.extrinsics.forEach((hash, i) => {
      const rec = byHash.get(hash);
      fills += block.results[i].fills;
      if (!rec) return;
      ours += 1;
      byKind[rec.kind] = (byKind[rec.kind] ?? 0) + 1;
      if (block.results[i].ok === false) failed += 1;
      if (authorNode.get(block.author) === rec.node) fromAuthorNode += 1;
    });
    const interval = previous ? block.timestamp - previous.timestamp : null;
    previous = block;
    const node = authorNode.get(block.author);
    return {
      number: block.number,
      hash: block.hash,
      author: block.author,
      timestamp: block.timestamp,
      intervalMs: interval,
      extrinsics: block.extrinsics.length,
      ours,
      byKind,
      failed,
      fills,
      weightPct: block.weightPct,
      mandatoryPct: block.mandatoryPct,
      noRoom: block.mandatoryPct >= 100,
      lengthBytes: block.length,
      fromAuthorNode,
      authorPoolAfter: node === undefined ? null : samplesAt.get(`${block.number}/${node}`) ?? null,
      // Ready transactions in each monitored node's pool when this block became the best.
      poolsAfter: monitorCount ? Array.from({ length: monitorCount }, (_, i) => samplesAt.get(`${block.number}/${i}`) ?? null) : null,
    };
  });

  // The active window: from the first block with load to the last.
  const active = blocks.filter((b) => b.ours > 0);
  const first = active[0];
  const last = active[active.length - 1];
  const windowBlocks = first ? blocks.filter((b) => b.number >= first.number && b.number <= last.number) : [];
  const before = first ? blocks.find((b) => b.number === first.number - 1) ?? (first.intervalMs !== null ? { timestamp: first.timestamp - first.intervalMs } : null) : null;
  const windowMs = first && before ? last.timestamp - before.timestamp : null;
  // A full block: it used 95 % of the normal class's weight or more, so the next transaction
  // (a place_order is charged 2.3 % up front) could not fit. Blocks whose mandatory weight
  // took the whole block (session rotations) had no room at all and are counted apart.
  const isFull = (b) => b.weightPct >= FULL_PCT;
  const full = windowBlocks.filter(isFull);
  for (const b of blocks) b.full = windowBlocks.includes(b) && isFull(b);

  // Per kind.
  const perKind = {};
  for (const kind of kinds) {
    const list = records.filter((rec) => rec.kind === kind);
    const sent = list.filter((rec) => rec.sentAt !== null);
    const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0]));
    let unreported = 0;
    let inBlockNotFinal = 0;
    for (const rec of sent) {
      if (rec.outcome) outcomes[rec.outcome] += 1;
      else {
        unreported += 1;
        if (rec.inBlockAt !== null) inBlockNotFinal += 1;
      }
    }
    const included = sent.filter((rec) => rec.block !== undefined);
    const ok = included.filter((rec) => rec.ok === true);
    const failedDispatch = {};
    for (const rec of included.filter((r) => r.ok === false)) failedDispatch[rec.dispatchError] = (failedDispatch[rec.dispatchError] ?? 0) + 1;
    const fills = included.reduce((sum, rec) => sum + (rec.fills ?? 0), 0);
    const perBlock = windowBlocks.map((b) => b.byKind[kind] ?? 0);
    const perFull = full.map((b) => b.byKind[kind] ?? 0);
    perKind[kind] = {
      planned: list.length,
      sent: sent.length,
      unsent: list.length - sent.length,
      withheld: list.filter((rec) => rec.withheld).length,
      outcomes,
      unreported,
      inBlockNotFinalized: inBlockNotFinal,
      includedWithoutStatus: sent.filter((rec) => rec.includedWithoutStatus).length,
      everInBlock: sent.filter((rec) => rec.inBlockAt !== null).length,
      retracted: sent.reduce((sum, rec) => sum + rec.retracted, 0),
      included: included.length,
      succeeded: ok.length,
      failed: included.length - ok.length,
      failedDispatch,
      fills,
      includedWithoutFill: kind === 'cross' ? ok.filter((rec) => !rec.fills).length : undefined,
      includedPartlyFilled: kind === 'cross' ? ok.filter((rec) => rec.fills && rec.fills < lotsPerBid).length : undefined,
      perBlock: {
        max: perBlock.length ? Math.max(...perBlock) : 0,
        mean: perBlock.length ? round(perBlock.reduce((a, b) => a + b, 0) / perBlock.length) : 0,
        fullMean: perFull.length ? round(perFull.reduce((a, b) => a + b, 0) / perFull.length) : null,
      },
      includedPerSecond: windowMs ? round((included.length * 1000) / windowMs) : null,
      latencyMs: {
        inBlock: distribution(sent.map((rec) => (rec.inBlockAt === null ? null : rec.inBlockAt - rec.sentAt))),
        finalized: distribution(sent.map((rec) => (rec.finalizedAt === null ? null : rec.finalizedAt - rec.sentAt))),
      },
    };
  }

  // Totals.
  const allSent = records.filter((rec) => rec.sentAt !== null);
  const totalFills = windowBlocks.reduce((sum, b) => sum + b.fills, 0);
  const lags = monitor.samples
    .filter((s) => s.t >= run.startedAt && s.t <= (run.settledAt ?? Infinity))
    .map((s) => s.best - s.finalized);
  const sortedLags = [...lags].sort((a, b) => a - b);
  const totals = {
    planned: records.length,
    sent: allSent.length,
    unsent: records.length - allSent.length,
    withheld: records.filter((rec) => rec.withheld).length,
    outcomes: Object.fromEntries(OUTCOMES.map((o) => [o, allSent.filter((rec) => rec.outcome === o).length])),
    unreported: allSent.filter((rec) => !rec.outcome).length,
    includedWithoutStatus: allSent.filter((rec) => rec.includedWithoutStatus).length,
    included: allSent.filter((rec) => rec.block !== undefined).length,
    succeeded: allSent.filter((rec) => rec.ok === true).length,
    fills: totalFills,
    sendSeconds: round((run.endedAt - run.startedAt) / 1000, 2),
    sendRate: run.endedAt > run.startedAt ? round((allSent.length * 1000) / (run.endedAt - run.startedAt)) : null,
    activeWindow: first ? { firstBlock: first.number, lastBlock: last.number, blocks: windowBlocks.length, seconds: round(windowMs / 1000, 2) } : null,
    includedPerSecond: windowMs ? round((allSent.filter((rec) => rec.block !== undefined).length * 1000) / windowMs) : null,
    fillsPerSecond: windowMs ? round((totalFills * 1000) / windowMs) : null,
    fullBlocks: full.length,
    blocksWithoutRoom: windowBlocks.filter((b) => b.noRoom).map((b) => b.number),
    perFullBlock: full.length ? {
      ours: round(full.reduce((sum, b) => sum + b.ours, 0) / full.length),
      fills: round(full.reduce((sum, b) => sum + b.fills, 0) / full.length),
      weightPct: round(full.reduce((sum, b) => sum + b.weightPct, 0) / full.length),
    } : null,
    maxPerBlock: { ours: Math.max(0, ...blocks.map((b) => b.ours)), fills: Math.max(0, ...blocks.map((b) => b.fills)) },
    finalityLag: { samples: lags.length, max: lags.length ? Math.max(...lags) : null, p95: percentile(sortedLags, 95), mean: lags.length ? round(lags.reduce((a, b) => a + b, 0) / lags.length, 2) : null },
    blockIntervalMs: distribution(windowBlocks.map((b) => b.intervalMs)),
  };

  // Propagation: who sent to which node, who included it.
  const matrix = nodeUrls.map(() => validators.map(() => 0));
  for (const rec of allSent) {
    const j = authorNode.get(rec.author);
    if (rec.block !== undefined && j !== undefined && matrix[rec.node]) matrix[rec.node][j] += 1;
  }
  const broadcastPeers = {};
  for (const rec of allSent) broadcastPeers[rec.broadcastPeers] = (broadcastPeers[rec.broadcastPeers] ?? 0) + 1;
  const propagation = {
    includedBy: { rows: 'node sent to', columns: 'block author', nodes: nodeUrls, authors: validators, matrix },
    broadcastPeers,
    neverBroadcast: allSent.filter((rec) => rec.broadcastAt === null).length,
    wentFuture: allSent.filter((rec) => rec.futureAt !== null).length,
  };

  // Everything that did not succeed, grouped by reason, with examples.
  const problems = {};
  for (const rec of records) {
    let key = null;
    if (rec.sentAt === null) {
      if (!rec.withheld) continue;
      // Grouped by cause, not by nonce.
      key = `withheld (not sent): ${rec.withheld.replace(/^behind nonce \d+ \(0x[0-9a-f]+…\), /, 'behind a transaction of its account that was ')}`;
    }
    else if (rec.includedWithoutStatus) key = `${rec.outcome ?? 'unreported'}${rec.error ? `: ${rec.error}` : ''}, yet included in a finalized block`;
    else if (!rec.outcome) key = rec.inBlockAt !== null ? 'unreported (was in a block, never finalized)' : `unreported (last: ${lastStatus(rec)})`;
    else if (rec.outcome !== 'finalized') key = `${rec.outcome}${rec.error ? `: ${typeof rec.error === 'string' ? rec.error : JSON.stringify(rec.error)}` : ''}`;
    else if (rec.ok === false) key = `dispatch failed: ${rec.dispatchError}`;
    else if (rec.kind === 'cross' && !rec.fills) key = 'cross bid without a fill';
    else if (rec.kind === 'cross' && rec.fills < lotsPerBid) key = `cross bid with fewer than ${lotsPerBid} fills`;
    if (!key) continue;
    const entry = problems[key] ?? (problems[key] = { count: 0, byKind: {}, examples: [] });
    entry.count += 1;
    entry.byKind[rec.kind] = (entry.byKind[rec.kind] ?? 0) + 1;
    if (entry.examples.length < 5) entry.examples.push(describe(rec, toWall));
  }

  return { blocks, perKind, totals, propagation, problems };
}

function lastStatus(rec) {
  if (rec.inBlockAt !== null) return 'inBlock';
  if (rec.broadcastAt !== null) return 'broadcast';
  if (rec.readyAt !== null) return 'ready';
  if (rec.futureAt !== null) return 'future';
  if (rec.acceptedAt !== null) return 'accepted, no status';
  return 'no answer to the submission';
}

export function describe(rec, toWall = (t) => t) {
  return {
    hash: rec.hash, kind: rec.kind, node: rec.node, connection: rec.connection, account: rec.account, nonce: rec.nonce,
    outcome: rec.outcome, error: rec.error, lastStatus: lastStatus(rec), block: rec.block, author: rec.author,
    dispatchError: rec.dispatchError, sentAt: toWall(rec.sentAt) === null ? null : new Date(toWall(rec.sentAt)).toISOString(),
    retracted: rec.retracted, broadcastPeers: rec.broadcastPeers, laterValidity: rec.laterValidity,
  };
}

/** A readable summary of `report` (the JSON object). */
export function summary(report) {
  const { totals, perKind, blocks, propagation, problems } = report.results;
  const lines = [];
  const ms = (d) => (d.n ? `p50 ${d.p50} / p95 ${d.p95} / p99 ${d.p99} ms` : 'n/a');
  lines.push('');
  lines.push(`  load: ${report.args.mix.join(',')} at ${report.args.rate === 'max' ? 'max rate' : `${report.args.rate} tx/s`}, `
    + `${totals.sent} sent of ${totals.planned} signed in ${totals.sendSeconds} s (${totals.sendRate} tx/s sent) to ${report.args.rpc.length} node(s)`);
  lines.push('');
  lines.push('  block    author   interval  weight  ours   fills  pools after (ready per node)  by kind');
  const window = totals.activeWindow;
  for (const b of blocks) {
    if (window && (b.number < window.firstBlock - 1 || b.number > window.lastBlock + 1)) continue;
    const kinds = Object.entries(b.byKind).map(([k, v]) => `${k} ${v}`).join(', ');
    lines.push(`  #${String(b.number).padEnd(6)} ${String(b.author).padEnd(8)} ${String(b.intervalMs ?? '').padStart(6)} ms `
      + `${b.weightPct.toFixed(1).padStart(5)} % ${String(b.ours).padStart(5)} ${String(b.fills).padStart(6)}  `
      + `${(b.poolsAfter ? b.poolsAfter.map((n) => (n === null ? '?' : n)).join('/') : '').padEnd(28)} ${kinds}`
      + `${b.full ? '  (full)' : ''}${b.noRoom ? '  (no room: mandatory weight, session rotation)' : ''}`);
  }
  lines.push('');
  for (const [kind, k] of Object.entries(perKind)) {
    const lost = k.unreported ? `  UNREPORTED ${k.unreported}` : '';
    lines.push(`  ${kind}: sent ${k.sent}, finalized ${k.outcomes.finalized}, included ${k.included} (ok ${k.succeeded}, failed ${k.failed}), `
      + `invalid ${k.outcomes.invalid}, dropped ${k.outcomes.dropped}, usurped ${k.outcomes.usurped}, finalityTimeout ${k.outcomes.finalityTimeout}, `
      + `rpc errors ${k.outcomes.rpcError}, connection closed ${k.outcomes.connectionClosed}, stranded ${k.outcomes.stranded}, withheld ${k.withheld}, retracted ${k.retracted}${lost}`);
    lines.push(`    per block: max ${k.perBlock.max}, mean ${k.perBlock.mean}, mean of full blocks ${k.perBlock.fullMean ?? 'n/a'}; `
      + `${k.includedPerSecond ?? 'n/a'} included/s${kind === 'cross' ? `; fills ${k.fills}, bids without a fill ${k.includedWithoutFill}, `
        + `filled partly ${k.includedPartlyFilled}` : ''}`);
    lines.push(`    latency to inBlock ${ms(k.latencyMs.inBlock)}; to finalized ${ms(k.latencyMs.finalized)}`);
  }
  lines.push('');
  const w = totals.activeWindow;
  lines.push(`  totals: ${totals.included} included in ${w ? `${w.blocks} blocks (#${w.firstBlock}–#${w.lastBlock}, ${w.seconds} s)` : 'no block'}: `
    + `${totals.includedPerSecond ?? 'n/a'} included/s, ${totals.fills} fills, ${totals.fillsPerSecond ?? 'n/a'} fills/s`);
  if (totals.perFullBlock) {
    lines.push(`  full blocks: ${totals.fullBlocks}, each ${totals.perFullBlock.ours} of ours and ${totals.perFullBlock.fills} fills on average, `
      + `${totals.perFullBlock.weightPct} % of the normal weight`);
  }
  if (totals.blocksWithoutRoom.length) {
    lines.push(`  blocks without room for any transaction (mandatory weight of a session rotation): ${totals.blocksWithoutRoom.map((n) => `#${n}`).join(', ')}`);
  }
  lines.push(`  max per block: ${totals.maxPerBlock.ours} transactions, ${totals.maxPerBlock.fills} fills; block interval ${ms(totals.blockIntervalMs)}`);
  lines.push(`  finality lag (best − finalized, each new block): max ${totals.finalityLag.max}, p95 ${totals.finalityLag.p95}, mean ${totals.finalityLag.mean}`);
  const authors = propagation.includedBy.authors;
  lines.push(`  included by author (rows: node sent to; columns: ${authors.join(', ')}):`);
  propagation.includedBy.matrix.forEach((row, i) => lines.push(`    ${propagation.includedBy.nodes[i]}: ${row.map((n) => String(n).padStart(6)).join(' ')}`));
  lines.push(`  broadcast to peers: ${Object.entries(propagation.broadcastPeers).map(([n, c]) => `${n} peers: ${c}`).join(', ')}`);
  lines.push('');
  if (Object.keys(problems).length === 0) lines.push('  every transaction sent was finalized and succeeded.');
  for (const [key, entry] of Object.entries(problems)) {
    lines.push(`  ${entry.count} × ${key} (${Object.entries(entry.byKind).map(([k, v]) => `${k} ${v}`).join(', ')})`);
  }
  if (totals.unreported) lines.push(`\n  !!! ${totals.unreported} transaction(s) sent never reported an outcome: see "problems" in the JSON.`);
  if (totals.includedWithoutStatus) {
    lines.push(`\n  !!! ${totals.includedWithoutStatus} transaction(s) are in a finalized block although the node never reported them in one (see "problems").`);
  }
  lines.push('');
  return lines.join('\n');
}
