// The landscape served by the official Neo4j GraphQL Library, as a benchmark contestant.
//
// bench/bench_library.py starts this with node against the same database as our API and
// sends it the same questions. The type definitions below describe the graph exactly as
// docs/data-format.md writes it (labels, properties, relationship types and directions);
// the library generates the schema, its filters, sorting and the Cypher from them.
//
// Enumerations (`kind`, `role`) are plain strings here: the database stores the lower-case
// value and the library would need a GraphQL enum spelled the same way; a string costs it
// nothing and keeps the stored value visible. Mutations are switched off: a read benchmark.
//
// Environment: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE (default neo4j),
// PORT (required); listens on 127.0.0.1 only. Prints "ready <url>" once it answers.

import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const typeDefs = /* GraphQL */ `
  extend schema @mutation(operations: [])

  type Actor @node {
    id: ID!
    name: String!
    kind: String!
    description: String
    website: String
    email: String
    phone: String
    address: String
    source: String!
    offerings: [Offering!]! @relationship(type: "OFFERS", direction: OUT)
    fundings: [Offering!]! @relationship(type: "FUNDS", direction: OUT, properties: "Funding")
    workingGroups: [WorkingGroup!]!
      @relationship(type: "MEMBER_OF", direction: OUT, properties: "Membership")
    locatedIn: Municipality @relationship(type: "LOCATED_IN", direction: OUT)
    activeIn: [Municipality!]! @relationship(type: "ACTIVE_IN", direction: OUT)
    partOf: Actor @relationship(type: "PART_OF", direction: OUT)
    parts: [Actor!]! @relationship(type: "PART_OF", direction: IN)
    cooperatesWith: [Actor!]!
      @relationship(type: "COOPERATES_WITH", direction: OUT, properties: "Cooperation")
    cooperatedBy: [Actor!]!
      @relationship(type: "COOPERATES_WITH", direction: IN, properties: "Cooperation")
  }

  type Membership @relationshipProperties {
    role: String
    since: Date
    until: Date
    source: String
  }

  type Funding @relationshipProperties {
    program: String
    source: String
  }

  type Cooperation @relationshipProperties {
    kind: String
    since: Date
    source: String
  }

  type Offering @node {
    id: ID!
    title: String!
    kind: String!
    description: String
    schedule: String
    capacity: Int
    cost: Float
    startDate: Date
    endDate: Date
    fundingProgram: String
    source: String!
    providers: [Actor!]! @relationship(type: "OFFERS", direction: IN)
    funders: [Actor!]! @relationship(type: "FUNDS", direction: IN, properties: "Funding")
    topics: [Topic!]! @relationship(type: "ADDRESSES", direction: OUT)
    targetGroups: [TargetGroup!]! @relationship(type: "TARGETS", direction: OUT)
    languages: [Language!]! @relationship(type: "IN_LANGUAGE", direction: OUT)
    municipalities: [Municipality!]! @relationship(type: "AVAILABLE_IN", direction: OUT)
  }

  type Topic @node {
    id: ID!
    name: String!
    description: String
    source: String!
    offerings: [Offering!]! @relationship(type: "ADDRESSES", direction: IN)
    workingGroups: [WorkingGroup!]! @relationship(type: "ADDRESSES", direction: IN)
  }

  type TargetGroup @node {
    id: ID!
    name: String!
    description: String
    source: String!
    offerings: [Offering!]! @relationship(type: "TARGETS", direction: IN)
  }

  type Language @node {
    id: ID!
    name: String!
    source: String!
    offerings: [Offering!]! @relationship(type: "IN_LANGUAGE", direction: IN)
  }

  type Municipality @node {
    id: ID!
    name: String!
    kind: String!
    ags: String
    population: Int
    populationYear: Int
    migrantPopulation: Int
    source: String!
    partOf: Municipality @relationship(type: "PART_OF", direction: OUT)
    parts: [Municipality!]! @relationship(type: "PART_OF", direction: IN)
    offerings: [Offering!]! @relationship(type: "AVAILABLE_IN", direction: IN)
    locatedActors: [Actor!]! @relationship(type: "LOCATED_IN", direction: IN)
    activeActors: [Actor!]! @relationship(type: "ACTIVE_IN", direction: IN)
  }

  type Event @node {
    id: ID!
    name: String!
    kind: String
    date: Date
    place: String
    description: String
    status: String
    source: String!
    participants: [Participant!]!
      @relationship(type: "PARTICIPATED_IN", direction: IN, properties: "Participation")
  }

  union Participant = Actor | Person | Coordinator

  type Participation @relationshipProperties {
    role: String
    title: String
    source: String
  }

  type Person @node {
    id: ID!
    name: String!
    role: String
    title: String
    source: String!
  }

  type Coordinator @node {
    id: ID!
    name: String!
    role: String
    source: String!
  }

  type WorkingGroup @node {
    id: ID!
    name: String!
    description: String
    founded: Date
    meetingCadence: String
    source: String!
    members: [Actor!]! @relationship(type: "MEMBER_OF", direction: IN, properties: "Membership")
    topics: [Topic!]! @relationship(type: "ADDRESSES", direction: OUT)
  }
`;

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} must be set`);
    process.exit(2);
  }
  return value;
}

const uri = required("NEO4J_URI");
const user = process.env.NEO4J_USER || "neo4j";
const password = required("NEO4J_PASSWORD");
const database = process.env.NEO4J_DATABASE || "neo4j";
const port = Number.parseInt(required("PORT"), 10);

const driver = neo4j.driver(uri, neo4j.auth.basic(user, password));
await driver.verifyConnectivity({ database });

const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const server = new ApolloServer({
  schema,
  plugins: [ApolloServerPluginLandingPageDisabled()],
  stopOnTerminationSignals: false,
});
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port },
  context: async () => ({ sessionConfig: { database } }),
});
console.log(`ready ${url}`);

async function shutdown() {
  await server.stop();
  await driver.close();
  process.exit(0);
}
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
