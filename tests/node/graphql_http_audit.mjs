// The GraphQL-over-HTTP audit of graphql-http (npm) against a running server.
// Usage: node graphql_http_audit.mjs http://127.0.0.1:PORT/graphql
// Prints one JSON list: each audit's id, name, status (ok, warn, error) and reason.
import { serverAudits } from "graphql-http";

const url = process.argv[2];
const results = [];
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  const result = await audit.fn();
  results.push({ id: result.id, name: result.name, status: result.status, reason: result.reason ?? null });
}
process.stdout.write(JSON.stringify(results));
