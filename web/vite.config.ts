// Two pages: the cockpit (index.html) and the self-hosted GraphiQL (graphiql.html).
// Everything is bundled into dist/ with assets under /assets/; nothing is loaded from a CDN.
import { resolve } from "node:path";
import { defineConfig } from "vite";

export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // GraphiQL and its editor are large; the warning would only repeat that.
    chunkSizeWarningLimit: 2500,
    rollupOptions: {
      // GraphiQL's React libraries carry "use client" markers meant for server frameworks.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
      input: {
        main: resolve(import.meta.dirname, "index.html"),
        graphiql: resolve(import.meta.dirname, "graphiql.html"),
      },
    },
  },
  // `npm run dev` / `vite preview` forward /graphql to a local API server
  // (integration-graph serve; COCKPIT_API=http://127.0.0.1:8005 to pick another).
  server: { proxy: { "/graphql": process.env.COCKPIT_API ?? "http://127.0.0.1:8000" } },
  preview: { proxy: { "/graphql": process.env.COCKPIT_API ?? "http://127.0.0.1:8000" } },
});
