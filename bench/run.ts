// `make bench`: runs every benchmark, prints one table and writes bench-results.json.
import { writeFileSync } from "node:fs";
import { formatTable, type Row } from "./lib.js";
import { benchShim } from "./shim.bench.js";
import { benchSocket } from "./socket.bench.js";

const suites: Array<() => Promise<Row[]>> = [benchShim, benchSocket];
const rows: Row[] = [];
for (const suite of suites) rows.push(...(await suite()));
writeFileSync("bench-results.json", JSON.stringify(rows, null, 2) + "\n");
console.log(formatTable(rows));
console.log("\nwritten to bench-results.json");
