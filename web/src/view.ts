// What every view provides: a title, and load() which fetches its documents and draws them.
// load() runs on the first visit and again whenever the graph revision changes; a view keeps
// its own filter state between loads, so a refresh does not reset what the user chose.

import type { Route } from "./router";

export interface View {
  title: string;
  load(): Promise<void>;
  dispose?(): void;
}

export type ViewFactory = (root: HTMLElement, route: Route) => View;
