import { fileURLToPath } from "node:url";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vite";

const clientRoot = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = fileURLToPath(new URL("..", import.meta.url));
/** Where `npm run dev:server` listens; the dev server forwards the API and the socket to it. */
const devServer = "http://127.0.0.1:8111";

/**
 * Two builds into one `dist/`, one HTML entry per page: the wall (`client`, built first, empties
 * dist) and the desk pages (`desk`: sign-in, setup, admin, inspection). Built apart, they share no chunk, so
 * the wall loads not a byte of the desk pages' code, not even the parts of the Svelte runtime
 * only forms use; the desk pages share their shell among themselves.
 */
export default defineConfig({
  root: clientRoot,
  plugins: [svelte()],
  server: {
    // The client imports the wire contract and the delta reducer from ../shared.
    fs: { allow: [repoRoot] },
    proxy: {
      "/api": devServer,
      "/socket.io": { target: devServer, ws: true },
    },
  },
  build: {
    outDir: "dist",
    // Nothing inlined as data: URLs: the Content-Security-Policy allows our own origin only.
    assetsInlineLimit: 0,
  },
  environments: {
    client: {
      build: {
        emptyOutDir: true,
        rolldownOptions: {
          input: { index: `${clientRoot}index.html` },
          output: {
            // ECharts is most of the bytes and changes least often: its own chunk stays cached
            // across releases of the wall itself.
            codeSplitting: {
              groups: [{ name: "echarts", test: /node_modules[\\/](echarts|zrender)[\\/]/ }],
            },
          },
        },
      },
    },
    desk: {
      consumer: "client",
      build: {
        emptyOutDir: false,
        // ECharts with the components the inspection pages draw is ~540 kB (180 kB gzipped).
        chunkSizeWarningLimit: 600,
        rolldownOptions: {
          input: {
            login: `${clientRoot}login.html`,
            setup: `${clientRoot}setup.html`,
            admin: `${clientRoot}admin.html`,
            inspection: `${clientRoot}inspection.html`,
            "inspection-week": `${clientRoot}inspection-week.html`,
            control: `${clientRoot}control.html`,
            audit: `${clientRoot}audit.html`,
          },
          // The inspection pages' ECharts (with tooltip, legend, title) in a chunk of its own,
          // loaded by them alone.
          output: {
            codeSplitting: {
              groups: [{ name: "echarts", test: /node_modules[\\/](echarts|zrender)[\\/]/ }],
            },
          },
        },
      },
    },
  },
  builder: {
    async buildApp(builder) {
      // In this order: the wall's build empties dist/, the desk pages' adds to it.
      for (const name of ["client", "desk"]) {
        const environment = builder.environments[name];
        if (!environment) throw new Error(`vite.config.ts: no ${name} environment`);
        await builder.build(environment);
      }
    },
  },
});
