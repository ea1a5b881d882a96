// Prometheus text exposition format (version 0.0.4), both ways: a small registry of gauges
// and counters that renders it (scripts/exporter.mjs), a parser for what a node or the
// exporter serves, and the metric names a PromQL expression reads (the dashboard's test).

/** A metric: `set`, `inc` and `reset` its series (one per label set). */
class Metric {
  constructor(name, type, help, labelNames) {
    this.name = name;
    this.type = type;
    this.help = help;
    this.labelNames = labelNames;
    this.series = new Map(); // key (label values joined) -> { labels, value }
  }

  #key(labels) {
    for (const name of Object.keys(labels)) {
      if (!this.labelNames.includes(name)) throw new Error(`${this.name}: unknown label ${name}`);
    }
    return this.labelNames.map((name) => String(labels[name] ?? '')).join('\u0000');
  }

  set(labels, value) {
    if (typeof labels !== 'object' || labels === null) [labels, value] = [{}, labels];
    this.series.set(this.#key(labels), { labels, value: Number(value) });
  }

  inc(labels = {}, by = 1) {
    if (typeof labels !== 'object' || labels === null) [labels, by] = [{}, labels];
    const key = this.#key(labels);
    const current = this.series.get(key);
    this.series.set(key, { labels, value: (current?.value ?? 0) + Number(by) });
  }

  get(labels = {}) {
    return this.series.get(this.#key(labels))?.value;
  }

  /** Forget every series (before setting the current ones of a labelled gauge). */
  reset() {
    this.series.clear();
  }
}

const escapeHelp = (text) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeLabel = (text) => String(text).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function formatValue(value) {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

export class Registry {
  constructor() {
    this.metrics = new Map();
  }

  #add(name, type, help, labelNames) {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) throw new Error(`bad metric name ${name}`);
    if (this.metrics.has(name)) throw new Error(`metric ${name} defined twice`);
    const metric = new Metric(name, type, help, labelNames);
    this.metrics.set(name, metric);
    return metric;
  }

  gauge(name, help, labelNames = []) {
    return this.#add(name, 'gauge', help, labelNames);
  }

  counter(name, help, labelNames = []) {
    if (!name.endsWith('_total')) throw new Error(`counter ${name} must end in _total`);
    return this.#add(name, 'counter', help, labelNames);
  }

  /** Every metric with its `# HELP` and `# TYPE` lines, then its series. */
  render() {
    const lines = [];
    for (const metric of this.metrics.values()) {
      lines.push(`# HELP ${metric.name} ${escapeHelp(metric.help)}`);
      lines.push(`# TYPE ${metric.name} ${metric.type}`);
      for (const { labels, value } of metric.series.values()) {
        const pairs = metric.labelNames
          .filter((label) => labels[label] !== undefined)
          .map((label) => `${label}="${escapeLabel(labels[label])}"`);
        lines.push(`${metric.name}${pairs.length ? `{${pairs.join(',')}}` : ''} ${formatValue(value)}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }
}

/**
 * Parse the text format: `{ samples: Map(name -> [{ labels, value }]), help: Map(name -> text),
 * types: Map(name -> type) }`. `samples` holds series names as written (a histogram `x`
 * appears as `x_bucket`, `x_sum` and `x_count`).
 */
export function parseMetrics(text) {
  const samples = new Map();
  const help = new Map();
  const types = new Map();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      const meta = /^#\s+(HELP|TYPE)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(.*)$/.exec(line);
      if (meta) (meta[1] === 'HELP' ? help : types).set(meta[2], meta[3]);
      continue;
    }
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\S+)?$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels = {};
    if (match[3]) {
      for (const pair of match[3].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
        labels[pair[1]] = pair[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
      }
    }
    const value = match[4] === '+Inf' ? Infinity : match[4] === '-Inf' ? -Infinity : Number(match[4]);
    if (!samples.has(match[1])) samples.set(match[1], []);
    samples.get(match[1]).push({ labels, value });
  }
  return { samples, help, types };
}

/** The sum of a metric's series whose labels include `match` (undefined: no such series). */
export function sampleSum(parsed, name, match = {}) {
  const series = (parsed.samples.get(name) ?? [])
    .filter(({ labels }) => Object.entries(match).every(([k, v]) => labels[k] === v));
  if (!series.length) return undefined;
  return series.reduce((sum, { value }) => sum + value, 0);
}

// PromQL words that are not metric names where an identifier may stand.
const PROMQL_KEYWORDS = new Set([
  'and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right',
  'bool', 'offset', 'atan2', 'inf', 'nan',
  // aggregation operators (also written without parentheses right after them: `sum by (x) (…)`)
  'sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values',
  'bottomk', 'topk', 'quantile', 'limitk', 'limit_ratio',
]);

/**
 * The metric names a PromQL expression reads: string literals, Grafana variables (`$x`,
 * `${x}`, `[[x]]`), label matchers `{…}`, ranges and subqueries `[…]` and grouping clauses
 * (`by (…)`, `without (…)`, `on (…)`, `ignoring (…)`, `group_left (…)`, `group_right (…)`)
 * are removed; of the identifiers left, functions (followed by `(`), keywords and
 * aggregation operators are not names. `{__name__="x"}` selectors count as `x`.
 */
export function metricNamesInPromQL(expr) {
  const names = new Set();
  for (const match of expr.matchAll(/__name__\s*=\s*"([a-zA-Z_:][a-zA-Z0-9_:]*)"/g)) names.add(match[1]);
  let text = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\$\{[^}]*\}|\$[a-zA-Z_][a-zA-Z0-9_]*|\[\[[^\]]*\]\]/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/#.*$/gm, ' ');
  text = text.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  for (const match of text.matchAll(/(?<![\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const word = match[0];
    const after = text.slice(match.index + word.length).trimStart();
    if (after.startsWith('(')) continue; // a function or an aggregation
    if (PROMQL_KEYWORDS.has(word.toLowerCase())) continue;
    names.add(word);
  }
  return names;
}
