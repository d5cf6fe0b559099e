# syntax=docker/dockerfile:1
# samad-live: the wall and its server, built once and run as a non-root user with production
# dependencies only. docs/deploy.md says how to run it; test/scripts/production-tree.test.ts
# assembles and starts the same final tree without Docker. Node 24 is a supported LTS; the code
# also runs on Node 20.11 and newer (package.json's engines).
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles its native module when no prebuilt one can be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The wall (client/dist), the server as plain JavaScript (dist/), then the dev dependencies go,
# and of better-sqlite3's build only the module it loads stays.
RUN npm run build \
 && node --import tsx scripts/build-server.ts dist \
 && npm prune --omit=dev --no-audit --no-fund \
 && cd node_modules/better-sqlite3/build \
 && find . -mindepth 1 \( -path ./Release -o -path ./Release/better_sqlite3.node \) -o -prune -exec rm -rf {} +

FROM ${NODE_IMAGE}
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8111
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/client/dist ./client/dist
COPY --from=build /app/data ./data
# The embedded database of record (SQLite) lives under state/; mount a volume there.
RUN mkdir -p /app/state && chown node:node /app/state
USER node
EXPOSE 8111
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8111)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]
