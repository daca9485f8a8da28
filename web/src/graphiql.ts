// GraphiQL from npm (no CDN), with the README's three planner questions as tabs.

import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import "graphiql/style.css";
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import offeringsMeinersen from "./graphql/planner/angebote-meinersen.graphql?raw";
import workWittingen from "./graphql/planner/arbeit-wittingen.graphql?raw";
import coverageByMunicipality from "./graphql/planner/versorgung-gemeinden.graphql?raw";

const fetcher = createGraphiQLFetcher({ url: `${location.origin}/graphql` });

const defaultTabs = [offeringsMeinersen, workWittingen, coverageByMunicipality].map((query) => ({ query }));

const container = document.getElementById("graphiql");
if (container) {
  createRoot(container).render(
    createElement(GraphiQL, { fetcher, defaultTabs, defaultEditorToolsVisibility: false }),
  );
}
