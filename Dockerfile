# samad-live server with the built wall. Used by docker-compose.yml.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx vite build --config client/vite.config.ts
ENV HOST=0.0.0.0 PORT=8111 NODE_ENV=production
EXPOSE 8111
USER node
CMD ["node", "--import", "tsx", "server/main.ts"]
