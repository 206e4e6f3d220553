// A plain reverse-proxy hop for fronts that stand in for a load balancer (the demo's, the tests' fleets): the
// request goes on unchanged, Host included, so every replica sees one public origin and one set of cookies.

import { request, type IncomingMessage, type ServerResponse } from "node:http";

/** relay forwards req to target (an origin) and streams the answer back, with extra response headers appended. */
export function relay(req: IncomingMessage, res: ServerResponse, target: string, extra: string[] = []): void {
  const upstream = request(`${target}${req.url}`, { method: req.method, headers: req.headers, agent: false }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, [...answer.rawHeaders, ...extra]);
    answer.pipe(res);
  });
  upstream.on("error", () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
}
