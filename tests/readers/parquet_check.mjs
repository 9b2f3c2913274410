// Independent Parquet reader check: prints a Parquet file's rows as JSON lines.
//
//   node tests/readers/parquet_check.mjs FILE.parquet [--engine=hyparquet|parquet-wasm]
//
// npm packages (install next to this script or anywhere on NODE_PATH):
//   hyparquet@1.31.x + hyparquet-compressors@1.1.x   (default engine; pure JS)
//   parquet-wasm@0.8.x + apache-arrow@21.x           (second engine: arrow-rs compiled to wasm)
// Output conventions (the same for both engines):
//   - first line: {"_meta": {"rows": N, "columns": [...names]}}
//   - then one JSON object per row, keys = column names
//   - INT64 values are strings of the exact integer (no precision loss)
//   - timestamps (both TIMESTAMP(MICROS) flavours) and dates: hyparquet gives ISO-8601
//     strings with millisecond precision and "Z"; parquet-wasm (via apache-arrow) gives
//     milliseconds since the epoch as a JS number whose fraction holds the microseconds
//     (1700000000123.456); dates as midnight UTC in milliseconds
//   - DECIMAL: hyparquet gives a JS number (lossy beyond 15-17 significant digits);
//     parquet-wasm gives the exact unscaled integer as a string, with "scale" in _meta
//   - NaN/Infinity doubles: the strings "NaN", "Infinity", "-Infinity"
//   - lists: JSON arrays (null elements as null); NULL lists as null
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const engineArg = args.find((a) => a.startsWith('--engine='));
const engine = engineArg ? engineArg.split('=')[1] : 'hyparquet';
if (!file) {
  console.error('usage: parquet_check.mjs FILE.parquet [--engine=hyparquet|parquet-wasm]');
  process.exit(2);
}

function plain(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (v === Infinity) return 'Infinity';
    if (v === -Infinity) return '-Infinity';
    return v;
  }
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'InvalidDate' : v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === 'object' && typeof v.toJSON === 'function') return plain(v.toJSON());
  if (typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = plain(x);
    return o;
  }
  return v;
}

const buf = readFileSync(file);
const arrayBuffer = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);

if (engine === 'hyparquet') {
  const { parquetReadObjects, parquetMetadata } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  const meta = parquetMetadata(arrayBuffer);
  const top = [];
  // Top-level names: walk the flattened schema by num_children.
  let pos = 1;
  const skip = () => {
    const e = meta.schema[pos++];
    for (let i = 0; i < (e.num_children || 0); i++) skip();
  };
  for (let i = 0; i < (meta.schema[0].num_children || 0); i++) {
    top.push(meta.schema[pos].name);
    skip();
  }
  const rows = await parquetReadObjects({ file: arrayBuffer, compressors, utf8: true });
  console.log(JSON.stringify({ _meta: { rows: Number(meta.num_rows), columns: top } }));
  for (const r of rows) console.log(JSON.stringify(plain(r)));
} else if (engine === 'parquet-wasm') {
  const pw = await import('parquet-wasm');
  const { tableFromIPC } = await import('apache-arrow').catch(() => {
    console.error('parquet-wasm engine needs apache-arrow too (npm install apache-arrow)');
    process.exit(2);
  });
  const table = tableFromIPC(pw.readParquet(new Uint8Array(buf)).intoIPCStream());
  const columns = table.schema.fields.map((f) => f.name);
  const scale = {};
  for (const f of table.schema.fields) if (f.type.scale !== undefined) scale[f.name] = f.type.scale;
  console.log(JSON.stringify({ _meta: { rows: table.numRows, columns, scale } }));
  for (const row of table) {
    const o = {};
    for (const c of columns) {
      let v = row[c];
      if (v && typeof v === 'object' && typeof v.toArray === 'function' && v[Symbol.iterator]) {
        v = [...v];  // keeps null elements (toArray() would expose the raw buffer)
      }
      if (v instanceof Uint32Array) {
        // Arrow decimals arrive as little-endian 32-bit words of the unscaled integer.
        let x = 0n;
        for (let i = v.length - 1; i >= 0; i--) x = (x << 32n) | BigInt(v[i]);
        const bits = BigInt(v.length * 32);
        if (x >> (bits - 1n)) x -= 1n << bits;
        v = x;
      }
      o[c] = plain(v);
    }
    console.log(JSON.stringify(o));
  }
} else {
  console.error(`unknown engine ${engine}`);
  process.exit(2);
}
