// Independent readers of Firn's Iceberg tables, driven by tests/server/test_iceberg_readers.py.
//
//   node tests/readers/iceberg_readers.mjs parquet FILE.parquet ...
//   node tests/readers/iceberg_readers.mjs icebird BASE_URL TABLE_URL[#vN.metadata.json] ...
//
// Prints one JSON object on stdout.
//
// parquet: {FILE: {"meta": ..., "columns": {name: [values]}}} for each FILE.
//   Values come from parquet-wasm (arrow-rs compiled to wasm) through apache-arrow, read
//   exactly from the Arrow buffers; "meta" comes from hyparquet's parquetMetadata (a second,
//   pure-JS implementation): num_rows, created_by, the flattened schema (names, physical and
//   logical types, repetition, field ids), key/value metadata, and per column chunk the
//   codec and statistics.
// icebird: {TABLE_URL[#file]: {"rows": [...], "fetched": [urls]} | {"error": "..."}}.
//   icebird 0.3.x (hyparquet 1.19 underneath) reads the table through version-hint.text
//   (or the named metadata file) over HTTP. The metadata holds absolute local paths (no
//   scheme) and icebird has no path-rewriting option, so globalThis.fetch is wrapped to
//   prefix paths that start with "/" with BASE_URL, whose server maps URL paths to the
//   same absolute file paths. Nothing else is changed: bytes come from the HTTP server.
//
// Value encoding in the JSON (the Python test normalizes per Iceberg type):
//   null -> null; a value icebird left undefined (column not found) -> {"$missing": true}
//   bigint (INT64, and Arrow timestamps read raw as microseconds) -> decimal string
//   number -> number, except NaN/Infinity/-Infinity/-0 -> those strings
//   Arrow decimal -> the unscaled integer as a decimal string
//   Arrow date -> {"$days": n} (raw int32 days); JS Date (icebird) -> {"$ms": n} or
//   {"$ms": "invalid"}; bytes -> {"$hex": "..."}; lists -> arrays
import { readFileSync } from 'node:fs';

function plain(v) {
  if (v === undefined) return { $missing: true };
  if (v === null) return null;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (v === Infinity) return 'Infinity';
    if (v === -Infinity) return '-Infinity';
    if (Object.is(v, -0)) return '-0';
    return v;
  }
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) {
    const ms = v.getTime();
    return { $ms: Number.isNaN(ms) ? 'invalid' : ms };
  }
  if (v instanceof Uint8Array) return { $hex: Buffer.from(v).toString('hex') };
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return Array.from(v, plain);
  if (typeof v === 'object' && typeof v[Symbol.iterator] === 'function') return Array.from(v, plain);
  if (typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = plain(x);
    return o;
  }
  return String(v);
}

function jsonSafe(key, v) {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (v === Infinity) return 'Infinity';
    if (v === -Infinity) return '-Infinity';
    if (Object.is(v, -0)) return '-0';
  }
  if (v instanceof Date) return { $ms: Number.isNaN(v.getTime()) ? 'invalid' : v.getTime() };
  return v;
}

// The unscaled integer of an Arrow decimal (little-endian 32-bit words, two's complement).
function decimalWords(words) {
  let x = 0n;
  for (let i = words.length - 1; i >= 0; i--) x = (x << 32n) | BigInt(words[i]);
  const bits = BigInt(words.length * 32);
  if (x >> (bits - 1n)) x -= 1n << bits;
  return x.toString();
}

// One Arrow column as a JS array of plain values, read from the buffers so that
// microsecond timestamps and decimals stay exact.
function arrowColumn(vector, Arrow) {
  const out = [];
  const t = vector.type;
  for (const data of vector.data) {
    for (let j = 0; j < data.length; j++) {
      if (!data.getValid(j)) {
        out.push(null);
      } else if (Arrow.DataType.isTimestamp(t)) {
        if (t.unit !== Arrow.TimeUnit.MICROSECOND) throw new Error(`timestamp unit ${t.unit}`);
        out.push(data.values[j].toString());  // values are already sliced to the Data
      } else if (Arrow.DataType.isDate(t)) {
        if (t.unit !== Arrow.DateUnit.DAY) throw new Error(`date unit ${t.unit}`);
        out.push({ $days: data.values[j] });
      } else if (Arrow.DataType.isDecimal(t)) {
        out.push(decimalWords(vector.get(out.length)));
      } else if (Arrow.DataType.isList(t)) {
        const child = vector.get(out.length);
        const items = [];
        for (let k = 0; k < child.length; k++) items.push(plain(child.get(k)));
        out.push(items);
      } else {
        out.push(plain(vector.get(out.length)));
      }
    }
  }
  return out;
}

async function parquetMode(files) {
  const pw = await import('parquet-wasm');
  const Arrow = await import('apache-arrow');
  const { parquetMetadata } = await import('hyparquet');
  const result = {};
  for (const file of files) {
    const buf = readFileSync(file);
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    const m = parquetMetadata(ab);
    const meta = {
      num_rows: Number(m.num_rows),
      created_by: m.created_by,
      schema: m.schema,
      key_value_metadata: m.key_value_metadata,
      row_groups: m.row_groups.map((rg) => ({
        num_rows: Number(rg.num_rows),
        columns: rg.columns.map((c) => ({
          path: c.meta_data.path_in_schema,
          codec: c.meta_data.codec,
          num_values: Number(c.meta_data.num_values),
          statistics: c.meta_data.statistics,
        })),
      })),
    };
    const table = Arrow.tableFromIPC(pw.readParquet(new Uint8Array(buf)).intoIPCStream());
    const fields = table.schema.fields.map((f) => ({
      name: f.name,
      type: String(f.type),
      field_id: f.metadata.get('PARQUET:field_id') ?? null,
      children: (f.type.children || []).map((c) => ({
        name: c.name, type: String(c.type), field_id: c.metadata.get('PARQUET:field_id') ?? null,
      })),
    }));
    const columns = {};
    for (const f of table.schema.fields) columns[f.name] = arrowColumn(table.getChild(f.name), Arrow);
    result[file] = { meta, arrow: { num_rows: table.numRows, fields }, columns };
  }
  return result;
}

async function icebirdMode(base, tables) {
  const fetched = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    let url = input;
    if (typeof url === 'string' && url.startsWith('/')) url = base + url;
    fetched.push(String(url));
    return realFetch(url, init);
  };
  const { icebergRead } = await import('icebird');
  const result = {};
  for (const spec of tables) {
    const [tableUrl, metadataFileName] = spec.split('#');
    fetched.length = 0;
    try {
      const rows = await icebergRead({ tableUrl, metadataFileName: metadataFileName || undefined });
      result[spec] = { rows: rows.map((r) => {
        const o = {};
        for (const [k, v] of Object.entries(r)) o[k] = plain(v);
        return o;
      }), fetched: [...new Set(fetched)] };
    } catch (e) {
      result[spec] = { error: String(e && e.stack || e), fetched: [...new Set(fetched)] };
    }
  }
  return result;
}

const [mode, ...args] = process.argv.slice(2);
let out;
if (mode === 'parquet') {
  out = await parquetMode(args);
} else if (mode === 'icebird') {
  out = await icebirdMode(args[0], args.slice(1));
} else {
  console.error('usage: iceberg_readers.mjs parquet FILE... | icebird BASE_URL TABLE_URL[#metadata] ...');
  process.exit(2);
}
process.stdout.write(JSON.stringify(out, jsonSafe));
process.stdout.write('\n');
