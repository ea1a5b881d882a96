// CSV as RFC 4180 has it: a header row, comma-separated fields, a field quoted when it holds
// a comma, a quote, a line break or surrounding spaces (quotes doubled), lines ending in CRLF.

import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { AuditError } from './errors.mjs';

/** One field: numbers and big integers in full, booleans as true/false, nothing as empty. */
export function csvField(value) {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line (with its CRLF) from `values`, in order. */
export function csvLine(values) {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** A whole CSV text: the header `columns`, then one line per row object (keys = columns). */
export function toCsv(columns, rows) {
  return csvLine(columns) + rows.map((row) => csvLine(columns.map((column) => row[column]))).join('');
}

/** Parse CSV text made by `toCsv` back into row objects (strings), for tests and checks. */
export function parseCsv(text) {
  const records = [];
  let record = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      record.push(field); records.push(record); record = []; field = '';
    } else field += c;
  }
  if (field !== '' || record.length) { record.push(field); records.push(record); }
  const [header = [], ...lines] = records;
  return lines.map((values) => Object.fromEntries(header.map((column, k) => [column, values[k] ?? ''])));
}

/**
 * Where the CSV goes: a file (written as `FILE.partial`, renamed when complete, removed if
 * the command fails) or standard output. `header(columns)` then `row(object)`s, then
 * `close()` or `abort()`.
 */
export function csvWriter(file) {
  let columns = [];
  const partial = file ? `${file}.partial` : null;
  const stream = file ? createWriteStream(partial) : process.stdout;
  const failed = new Promise((_, reject) => stream.on('error', (error) => {
    reject(new AuditError(`cannot write ${file ?? 'to standard output'}: ${error.message}`));
  }));
  failed.catch(() => {});
  const write = (text) => (stream.write(text) ? null : Promise.race([new Promise((resolve) => stream.once('drain', resolve)), failed]));
  return {
    header(names) {
      columns = names;
      return write(csvLine(names));
    },
    row(row) {
      return write(csvLine(columns.map((column) => row[column])));
    },
    async close() {
      if (!file) return;
      await Promise.race([new Promise((resolve) => stream.end(resolve)), failed]);
      await rename(partial, file);
    },
    async abort() {
      if (!file) return;
      if (!stream.destroyed) await Promise.race([new Promise((resolve) => stream.end(resolve)), failed.catch(() => {})]);
      await rm(partial, { force: true });
    },
  };
}
