// Hash routing: #/karte, #/akteur/<id>, #/suche?text=... A route is a view name, its
// path parameters and the query string.

export interface Route {
  view: string;
  params: string[];
  query: URLSearchParams;
}

export function currentRoute(): Route {
  const hash = decodeURI(location.hash.replace(/^#\/?/, ""));
  const [path, search = ""] = hash.split("?", 2);
  const [view = "", ...params] = path.split("/").filter(Boolean);
  return { view: view || "ueberblick", params: params.map(decodeURIComponent), query: new URLSearchParams(search) };
}

export function href(view: string, ...params: string[]): string {
  return `#/${[view, ...params.map(encodeURIComponent)].join("/")}`;
}

export function onRouteChange(handler: (route: Route) => void): void {
  window.addEventListener("hashchange", () => handler(currentRoute()));
}
