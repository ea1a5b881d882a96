#!/usr/bin/env node
// Render the chart of a load report (scripts/load.mjs --out) as SVG.
//
//   node scripts/load-chart.mjs results.json [chart.svg]   (default: the JSON's name with .svg)

import { readFileSync, writeFileSync } from 'node:fs';
import { renderChart } from './lib/load/chart.mjs';

const [input, output = input?.replace(/\.json$/, '') + '.svg'] = process.argv.slice(2);
if (!input) {
  console.error('usage: node scripts/load-chart.mjs results.json [chart.svg]');
  process.exit(2);
}
writeFileSync(output, renderChart(JSON.parse(readFileSync(input, 'utf8'))));
console.error(`chart: ${output}`);
