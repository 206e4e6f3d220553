// Reads README.md's configuration reference the way a person does: the tables of the "Configuration reference"
// section whose first column is `key`. A table belongs to the top level unless its heading starts with a backticked
// option name (### `redis`), whose options it then lists (reported as `redis.enabled`). One cell may name several
// keys (`clientID`, `clientSecret`); the env var column holds a backticked variable or a dash.

const REFERENCE_SECTION = "## Configuration reference";
const INCUMBENT_TABLE_HEADER = "incumbent option";

/** DocumentedOption is one row's key, with the environment variable the README gives for it (null: none). */
export interface DocumentedOption { path: string; envVar: string | null }

/** documentedOptions returns every option of the configuration reference, in README order. */
export function documentedOptions(markdown: string): DocumentedOption[] {
  const out: DocumentedOption[] = [];
  for (const { heading, scope, header, rows } of tables(sectionOf(markdown, REFERENCE_SECTION))) {
    if (header[0] !== "key") continue;
    const envColumn = header.indexOf("env var");
    if (envColumn < 0) throw new Error(`the table under "${heading}" has no env var column`);
    for (const row of rows) {
      const envVar = backticked(row[envColumn]).find((v) => /^[A-Z][A-Z0-9_]*$/.test(v)) ?? null;
      for (const key of backticked(row[0])) out.push({ path: scope ? `${scope}.${key}` : key, envVar });
    }
  }
  return out;
}

/** refusedIncumbentOptions returns the options listed in the README's table of incumbent options this plugin refuses. */
export function refusedIncumbentOptions(markdown: string): string[] {
  return tables(markdown)
    .filter((t) => t.header[0] === INCUMBENT_TABLE_HEADER)
    .flatMap((t) => t.rows.flatMap((r) => backticked(r[0])));
}

interface Table { heading: string; scope: string; header: string[]; rows: string[][] }

// Splits markdown into its pipe tables, each with the nearest heading above it.
function tables(markdown: string): Table[] {
  const out: Table[] = [];
  let heading = "";
  let current: Table | null = null;
  for (const line of markdown.split("\n")) {
    if (/^#{1,6} /.test(line)) heading = line;
    if (!line.startsWith("|")) {
      current = null;
      continue;
    }
    const cells = line.slice(1, line.endsWith("|") ? -1 : undefined).split("|").map((c) => c.trim());
    if (current === null) {
      current = { heading, scope: /^### `([A-Za-z0-9]+)`/.exec(heading)?.[1] ?? "", header: cells, rows: [] };
      out.push(current);
    } else if (!cells.every((c) => /^:?-+:?$/.test(c))) {
      current.rows.push(cells);
    }
  }
  return out;
}

function sectionOf(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n${title}\n`);
  if (start < 0) throw new Error(`README.md has no "${title}" section`);
  const end = markdown.indexOf("\n## ", start + title.length + 2);
  return markdown.slice(start, end < 0 ? undefined : end);
}

function backticked(cell: string | undefined): string[] {
  return [...(cell ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1]);
}
