// `make bench`: runs every bench/*.bench.ts (each exports `bench(): Promise<Row[]>`), prints one table and writes
// bench-results.json. BENCH=<substring> runs only the suites whose file name contains it.
import { readdirSync, writeFileSync } from "node:fs";
import { formatTable, type Row } from "./lib.js";

const only = process.env.BENCH ?? "";
const dir = new URL(".", import.meta.url);
const suites = readdirSync(dir).filter((f) => f.endsWith(".bench.js") && f.includes(only)).sort();
const rows: Row[] = [];
for (const file of suites) {
  const suite = (await import(new URL(file, dir).href)) as { bench(): Promise<Row[]> };
  rows.push(...(await suite.bench()));
}
writeFileSync("bench-results.json", JSON.stringify(rows, null, 2) + "\n");
console.log(formatTable(rows));
console.log("\nwritten to bench-results.json");
