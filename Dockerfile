# One image for the API and the workers; docker-compose.yml picks the command.
# Node 22 LTS (Node 20 is past its end of life), pinned: bump it on purpose, with a test run.
ARG NODE_IMAGE=node:22.21.1-bookworm-slim

# --- build: every dependency, the TypeScript compiled to dist/ (tools/build.ts, esbuild) ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json tsconfig.json ./
COPY platform/package.json platform/
COPY integrations/package.json integrations/
COPY inbound-email/package.json inbound-email/
COPY core/package.json core/
COPY templates/package.json templates/
COPY services/api/package.json services/api/
COPY workers/package.json workers/
COPY cli/package.json cli/
# Its bin is linked by npm ci: the file must be there already.
COPY cli/bin cli/bin/
COPY test/package.json test/
RUN npm ci --include=dev --ignore-scripts
COPY platform platform
COPY integrations integrations
COPY inbound-email inbound-email
COPY core core
COPY templates templates
COPY services services
COPY workers workers
# The operator CLI: docker compose exec api npx mca --help
COPY cli cli
COPY tools tools
# The same command test/integration/compiled-build.test.ts runs and then starts with plain node.
RUN npm run build

# --- run: production dependencies and the compiled files only; no tsx, no TypeScript ---
FROM ${NODE_IMAGE}
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production NODE_OPTIONS=--enable-source-maps
COPY package.json package-lock.json ./
COPY platform/package.json platform/
COPY integrations/package.json integrations/
COPY inbound-email/package.json inbound-email/
COPY core/package.json core/
COPY templates/package.json templates/
COPY services/api/package.json services/api/
COPY workers/package.json workers/
COPY cli/package.json cli/
COPY cli/bin cli/bin/
COPY test/package.json test/
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist dist
# The app writes only under var/ (the .eml outbox when SMTP_URL is unset, the local secrets key).
RUN mkdir -p var && chown node:node var
USER node
# tini is PID 1: it reaps zombies and passes SIGTERM on, so runProcess shuts down gracefully.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/api.js"]
