// DuckDB side of bench/bench.py, through the npm package @duckdb/node-api.
//
// A long-lived process, so repeated queries run on a warm engine like the servers they are
// compared with. It reads one JSON request per line on stdin and answers one JSON line on
// stdout:
//   {"op": "version"}                 -> {"version": "v1.5.5"}
//   {"op": "open", "path": P}         -> {}    opens database file P (":memory:" allowed),
//                                              closing the one open before
//   {"op": "run", "sql": S}           -> {"ms": wall time of the statement, "rows": [[...]]}
//                                              values as strings (BIGINTs stay exact)
//   {"op": "close"}                   -> {}
// Errors answer {"error": message}. End of stdin ends the process.
import { DuckDBInstance } from '@duckdb/node-api';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';

let instance = null;
let conn = null;

function closeDb() {
  if (conn) { conn.closeSync(); conn = null; }
  if (instance) { instance.closeSync(); instance = null; }
}

async function handle(req) {
  switch (req.op) {
    case 'version': {
      const i = await DuckDBInstance.create(':memory:');
      const c = await i.connect();
      const r = await c.runAndReadAll('SELECT version()');
      const v = String(r.getRows()[0][0]);
      c.closeSync(); i.closeSync();
      return { version: v };
    }
    case 'open':
      closeDb();
      instance = await DuckDBInstance.create(req.path);
      conn = await instance.connect();
      return {};
    case 'run': {
      if (!conn) throw new Error('no database open');
      const t0 = performance.now();
      const reader = await conn.runAndReadAll(req.sql);
      const ms = performance.now() - t0;
      const rows = reader.getRows().map((row) => row.map((v) => (v === null ? null : String(v))));
      return { ms, rows };
    }
    case 'close':
      closeDb();
      return {};
    default:
      throw new Error(`unknown op ${req.op}`);
  }
}

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (!line.trim()) continue;
  let answer;
  try {
    answer = await handle(JSON.parse(line));
  } catch (e) {
    answer = { error: String(e && e.message ? e.message : e) };
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
}
closeDb();
