// Apollo Client (npm) with automatic persisted queries against a running server.
// Usage: node apollo_apq.mjs http://127.0.0.1:PORT/graphql
// Prints one JSON object: every HTTP exchange the client made, and what the queries answered.
// tests/api/test_http_clients.py runs it and checks the protocol from the record.
import { createHash } from "node:crypto";
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { createPersistedQueryLink } from "@apollo/client/link/persisted-queries";

const uri = process.argv[2];
const exchanges = [];

async function recordingFetch(input, init = {}) {
  const url = new URL(typeof input === "string" ? input : input.url);
  const response = await fetch(input, init);
  const body = typeof init.body === "string" ? JSON.parse(init.body) : null;
  exchanges.push({
    method: init.method ?? "GET",
    sentQuery: Boolean(body?.query ?? url.searchParams.get("query")),
    sentHash: Boolean(body?.extensions?.persistedQuery ?? url.searchParams.get("extensions")),
    status: response.status,
    etag: response.headers.get("etag"),
    accept: new Headers(init.headers).get("accept"),
    url: (init.method ?? "GET") === "GET" ? url.toString() : null,
  });
  return response;
}

const sha256 = (text) => createHash("sha256").update(text).digest("hex");

function client(useGETForHashedQueries) {
  const link = createPersistedQueryLink({ sha256, useGETForHashedQueries }).concat(
    new HttpLink({ uri, fetch: recordingFetch }),
  );
  return new ApolloClient({ link, cache: new InMemoryCache() });
}

const BY_POST = gql`
  query ApqByPost($id: ID!) {
    actor(id: $id) { name }
  }
`;
const BY_GET = gql`
  query ApqByGet {
    revision
    topics(first: 2) { totalCount }
  }
`;

async function run(name, useGet, query, variables) {
  const start = exchanges.length;
  const answers = [];
  // a new client each time: nothing cached in the browser's sense, the server is asked
  for (let round = 0; round < 2; round++) {
    const { data, error } = await client(useGet).query({ query, variables, fetchPolicy: "no-cache" });
    answers.push({ data: data ?? null, error: error ? String(error) : null });
  }
  return { name, answers, exchanges: exchanges.slice(start) };
}

const results = [
  await run("post", false, BY_POST, { id: "kvhs-gifhorn" }),
  await run("get", true, BY_GET, {}),
];
process.stdout.write(JSON.stringify(results));
