import { fileURLToPath } from "node:url";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vite";

const clientRoot = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = fileURLToPath(new URL("..", import.meta.url));
/** Where `npm run dev:server` listens; the dev server forwards the API and the socket to it. */
const devServer = "http://127.0.0.1:8111";

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
    emptyOutDir: true,
    // ECharts is most of the bytes and changes least often: its own chunk stays cached across
    // releases of the wall itself.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: "echarts", test: /node_modules[\\/](echarts|zrender)[\\/]/ }],
        },
      },
    },
  },
});
