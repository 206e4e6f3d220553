// ConfigReader: tolerant typing of Traefik-delivered configuration, and errors that name the key.
import { JsonParser } from "../../../assembly/json/parse";
import { ConfigReader } from "../../../assembly/middleware/config_reader";

function reader(json: string): ConfigReader {
  const root = new JsonParser().parse(Uint8Array.wrap(String.UTF8.encode(json)));
  return new ConfigReader(root);
}

function errorOf(r: ConfigReader): string {
  const e = r.error;
  return e === null ? "" : e.toString();
}

describe("ConfigReader", () => {
  it("reads a string and falls back when the key is absent or null", () => {
    const r = reader(`{"a":"x","n":null}`);
    expect(r.str("a", "d")).toBe("x");
    expect(r.str("b", "d")).toBe("d");
    expect(r.str("n", "d")).toBe("d");
    expect(r.error).toBeNull();
  });

  it("accepts booleans typed (CRD) and as strings (labels, file provider)", () => {
    const r = reader(`{"a":true,"b":"false","c":"TRUE","d":"1","e":"0"}`);
    expect(r.bool("a", false)).toBe(true);
    expect(r.bool("b", true)).toBe(false);
    expect(r.bool("c", false)).toBe(true);
    expect(r.bool("d", false)).toBe(true);
    expect(r.bool("e", true)).toBe(false);
    expect(r.error).toBeNull();
  });

  it("names the key of a value that is not a boolean", () => {
    const r = reader(`{"enabled":"yes"}`);
    r.bool("enabled", false);
    expect(errorOf(r)).toBe(`config: key "enabled": must be true or false`);
  });

  it("accepts whole numbers typed and as decimal strings, within the range", () => {
    const r = reader(`{"a":5,"b":"15","c":"-1","d":0}`);
    expect(r.int("a", 0, 0, 15)).toBe(5);
    expect(r.int("b", 0, 0, 15)).toBe(15);
    expect(r.int("c", 0, -1, 15)).toBe(-1);
    expect(r.int("d", 9, 0, 15)).toBe(0);
    expect(r.error).toBeNull();
  });

  it("rejects fractions, units, hex and out-of-range numbers with the key and the range", () => {
    const cases = [`{"db":1.5}`, `{"db":"5s"}`, `{"db":"0x10"}`, `{"db":16}`, `{"db":"-1"}`, `{"db":""}`, `{"db":true}`];
    for (let i = 0; i < cases.length; i++) {
      const r = reader(cases[i]);
      expect(r.int("db", 0, 0, 15)).toBe(0);
      expect(errorOf(r)).toBe(`config: key "db": must be a whole number from 0 to 15`);
    }
  });

  it("reads a list typed, or as one comma-separated string as labels give it, trimmed and without empties", () => {
    const r = reader(`{"a":["openid"," profile ",""],"b":"openid, email,,groups","c":"","n":null}`);
    expect(r.strList("a", []).join("|")).toBe("openid|profile");
    expect(r.strList("b", []).join("|")).toBe("openid|email|groups");
    expect(r.strList("c", ["d"]).length).toBe(0);
    expect(r.strList("n", ["d"]).join("|")).toBe("d");
    expect(r.strList("absent", ["d"]).join("|")).toBe("d");
    expect(r.error).toBeNull();
  });

  it("names the key and the item of a list that holds something else than strings", () => {
    const r = reader(`{"scopes":["openid",5]}`);
    r.strList("scopes", []);
    expect(errorOf(r)).toBe(`config: key "scopes": must be a list of strings (item 1 is not)`);
    const o = reader(`{"scopes":{"a":1}}`);
    o.strList("scopes", []);
    expect(errorOf(o)).toBe(`config: key "scopes": must be a list of strings`);
  });

  it("checks a choice and reports the value it got", () => {
    const r = reader(`{"cacheMode":"disk"}`);
    expect(r.oneOf("cacheMode", "memory", ["memory", "redis", "hybrid"])).toBe("memory");
    expect(errorOf(r)).toBe(`config: key "cacheMode": must be one of memory, redis, hybrid (got "disk")`);
  });

  it("reports the first unknown key after every known key was read", () => {
    const r = reader(`{"logLevel":"info","clientId":"x"}`);
    r.str("logLevel", "error");
    r.checkUnknownKeys();
    expect(errorOf(r)).toBe(`config: key "clientId": unknown key`);
  });

  it("keeps the first error when several keys are bad", () => {
    const r = reader(`{"a":1,"b":"x"}`);
    r.str("a", "");
    r.int("b", 0, 0, 1);
    expect(errorOf(r)).toBe(`config: key "a": must be a string`);
  });
});
