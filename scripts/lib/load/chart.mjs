// The load report as a hand-written SVG: the load's transactions per block (stacked by kind)
// with the fills and the block weight used, the finality lag at each block, and the latency
// percentiles per kind (to inBlock and to finalized).

const COLORS = {
  transfer: '#4e79a7', p2p: '#f28e2b', rest: '#59a14f', cross: '#e15759', cancel: '#b07aa1', subscribe: '#76b7b2',
  fills: '#222', weight: '#9c755f', lag: '#edc948',
};
const FONT = 'font-family="sans-serif" font-size="11"';

const esc = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceMax(value) {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function axis(x, y, width, height, max, { label, right = false, format = (v) => v } = {}) {
  const parts = [];
  for (let i = 0; i <= 4; i += 1) {
    const v = (max * i) / 4;
    const yy = y + height - (height * i) / 4;
    if (!right) parts.push(`<line x1="${x}" y1="${yy}" x2="${x + width}" y2="${yy}" stroke="#eee"/>`);
    parts.push(`<text x="${right ? x + width + 4 : x - 4}" y="${yy + 4}" text-anchor="${right ? 'start' : 'end'}" ${FONT}>${esc(format(v))}</text>`);
  }
  if (label) {
    const lx = right ? x + width + 40 : x - 42;
    parts.push(`<text transform="translate(${lx},${y + height / 2}) rotate(-90)" text-anchor="middle" ${FONT}>${esc(label)}</text>`);
  }
  return parts.join('');
}

export function renderChart(report) {
  const { blocks, perKind, totals } = report.results;
  const kinds = Object.keys(perKind);
  const window = totals.activeWindow;
  const shown = window ? blocks.filter((b) => b.number >= window.firstBlock - 1 && b.number <= window.lastBlock + 1) : [];
  const W = 960;
  const left = 70;
  const plotW = W - left - 70;
  const parts = [];
  let y = 20;
  const crossTerms = [
    report.args.lotsPerBid > 1 ? `${report.args.lotsPerBid}-lot bids` : null,
    report.args.betweenHolders ? 'between holders' : null,
  ].filter(Boolean);
  const mixName = (k) => (k === 'cross' && crossTerms.length ? `cross (${crossTerms.join(', ')})` : k);
  parts.push(`<text x="${W / 2}" y="${y}" text-anchor="middle" font-family="sans-serif" font-size="15">`
    + `${esc(`ST Ledger load: ${report.args.mix.map(mixName).join(', ')} at ${report.args.rate === 'max' ? 'max rate' : `${report.args.rate} tx/s`} `
    + `(${totals.includedPerSecond ?? 'n/a'} included/s, ${totals.fillsPerSecond ?? 0} fills/s)`)}</text>`);
  y += 20;

  // 1. Transactions per block, stacked by kind; fills and weight.
  const h1 = 260;
  const maxCount = niceMax(Math.max(1, ...shown.map((b) => Math.max(b.ours, b.fills))));
  parts.push(`<text x="${left}" y="${y + 12}" font-family="sans-serif" font-size="13">Load transactions per block (bars), fills (line), block weight % of normal (dashed)</text>`);
  y += 22;
  parts.push(axis(left, y, plotW, h1, maxCount, { label: 'transactions per block' }));
  parts.push(axis(left, y, plotW, h1, 100, { label: 'weight %', right: true }));
  const slot = shown.length ? plotW / shown.length : plotW;
  const barW = Math.max(1, slot * 0.8);
  const fillPoints = [];
  const weightPoints = [];
  shown.forEach((b, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    let top = y + h1;
    for (const kind of kinds) {
      const n = b.byKind[kind] ?? 0;
      if (!n) continue;
      const hh = (h1 * n) / maxCount;
      top -= hh;
      parts.push(`<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barW.toFixed(1)}" height="${hh.toFixed(1)}" fill="${COLORS[kind] ?? '#999'}"><title>#${b.number} ${kind}: ${n}</title></rect>`);
    }
    const cx = left + i * slot + slot / 2;
    fillPoints.push(`${cx.toFixed(1)},${(y + h1 - (h1 * b.fills) / maxCount).toFixed(1)}`);
    weightPoints.push(`${cx.toFixed(1)},${(y + h1 - (h1 * b.weightPct) / 100).toFixed(1)}`);
    if (shown.length <= 40 || i % Math.ceil(shown.length / 20) === 0) {
      parts.push(`<text x="${cx.toFixed(1)}" y="${y + h1 + 14}" text-anchor="middle" ${FONT}>${b.number}</text>`);
    }
  });
  const dots = (points, color) => points.map((p) => {
    const [cx, cy] = p.split(',');
    return `<circle cx="${cx}" cy="${cy}" r="2.5" fill="${color}"/>`;
  }).join('');
  if (perKind.cross) {
    parts.push(`<polyline points="${fillPoints.join(' ')}" fill="none" stroke="${COLORS.fills}" stroke-width="2"/>${dots(fillPoints, COLORS.fills)}`);
  }
  parts.push(`<polyline points="${weightPoints.join(' ')}" fill="none" stroke="${COLORS.weight}" stroke-width="1.5" stroke-dasharray="5,3"/>`
    + dots(weightPoints, COLORS.weight));
  parts.push(`<text x="${left + plotW / 2}" y="${y + h1 + 30}" text-anchor="middle" ${FONT}>block</text>`);
  let lx = left;
  for (const kind of [...kinds, ...(perKind.cross ? ['fills'] : []), 'weight']) {
    parts.push(`<rect x="${lx}" y="${y + h1 + 40}" width="10" height="10" fill="${COLORS[kind]}"/><text x="${lx + 14}" y="${y + h1 + 49}" ${FONT}>${kind}</text>`);
    lx += 90;
  }
  y += h1 + 70;

  // 2. Finality lag at each new block.
  const samples = report.monitor?.lag ?? [];
  if (samples.length) {
    const h2 = 100;
    const maxLag = niceMax(Math.max(2, ...samples.map((s) => s.lag)));
    const t0 = samples[0].t;
    const span = Math.max(1, samples[samples.length - 1].t - t0);
    parts.push(`<text x="${left}" y="${y + 12}" font-family="sans-serif" font-size="13">Finality lag (best − finalized blocks) over the run</text>`);
    y += 22;
    parts.push(axis(left, y, plotW, h2, maxLag, { label: 'blocks' }));
    const points = samples.map((s) => `${(left + (plotW * (s.t - t0)) / span).toFixed(1)},${(y + h2 - (h2 * s.lag) / maxLag).toFixed(1)}`);
    parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${COLORS.lag}" stroke-width="2"/>`);
    parts.push(`<text x="${left + plotW / 2}" y="${y + h2 + 16}" text-anchor="middle" ${FONT}>`
      + `seconds since the load started (${Math.max(0, Math.round(t0))} – ${Math.round(t0 + span)} s)</text>`);
    y += h2 + 34;
  }

  // 3. Latency percentiles per kind.
  const h3 = 220;
  const series = [['inBlock', 'p50'], ['inBlock', 'p95'], ['inBlock', 'p99'], ['finalized', 'p50'], ['finalized', 'p95'], ['finalized', 'p99']];
  const maxLat = niceMax(Math.max(1, ...kinds.flatMap((k) => series.map(([s, p]) => (perKind[k].latencyMs[s][p] ?? 0) / 1000))));
  parts.push(`<text x="${left}" y="${y + 12}" font-family="sans-serif" font-size="13">Latency from submission, per load type (s): to inBlock, to finalized; p50, p95, p99</text>`);
  y += 22;
  parts.push(axis(left, y, plotW, h3, maxLat, { label: 'seconds', format: (v) => v.toFixed(1) }));
  const group = plotW / Math.max(1, kinds.length);
  const bar = Math.min(28, (group * 0.8) / series.length);
  const shade = { p50: 0.45, p95: 0.7, p99: 1 };
  kinds.forEach((kind, g) => {
    const gx = left + g * group + (group - bar * series.length) / 2;
    series.forEach(([stage, p], s) => {
      const v = (perKind[kind].latencyMs[stage][p] ?? 0) / 1000;
      const hh = (h3 * v) / maxLat;
      const color = stage === 'inBlock' ? COLORS[kind] ?? '#999' : '#555';
      parts.push(`<rect x="${(gx + s * bar).toFixed(1)}" y="${(y + h3 - hh).toFixed(1)}" width="${(bar - 2).toFixed(1)}" height="${hh.toFixed(1)}" `
        + `fill="${color}" fill-opacity="${shade[p]}"><title>${kind} ${stage} ${p}: ${v.toFixed(2)} s</title></rect>`);
      parts.push(`<text x="${(gx + s * bar + bar / 2).toFixed(1)}" y="${(y + h3 - hh - 3).toFixed(1)}" text-anchor="middle" font-family="sans-serif" font-size="9">${v.toFixed(1)}</text>`);
    });
    parts.push(`<text x="${(left + g * group + group / 2).toFixed(1)}" y="${y + h3 + 14}" text-anchor="middle" ${FONT}>${esc(kind)} (inBlock | finalized)</text>`);
  });
  y += h3 + 30;

  return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y}" viewBox="0 0 ${W} ${y}">`
    + `<rect width="100%" height="100%" fill="white"/>${parts.join('\n')}</svg>\n`;
}
