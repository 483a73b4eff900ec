# One image for the API and the workers; docker-compose.yml picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json tsconfig.base.json tsconfig.json ./
COPY shared/package.json shared/
COPY templates/package.json templates/
COPY services/api/package.json services/api/
COPY workers/package.json workers/
COPY cli/package.json cli/
# Its bin is linked by npm ci: the file must be there already.
COPY cli/bin cli/bin/
COPY test/package.json test/
RUN npm ci --include=dev
COPY shared shared
COPY templates templates
COPY services services
COPY workers workers
# The operator CLI: docker compose exec api npx mca --help
COPY cli cli
COPY tools tools
# The app writes only under var/ (the .eml outbox when SMTP_URL is unset).
RUN mkdir -p var && chown node:node var
USER node
CMD ["npx", "tsx", "services/api/src/main.ts"]
