# One image for both processes: the API (default command) and the Temporal worker
# (docker-compose.yml overrides the command with `node --import tsx worker/main.ts`).
# TypeScript runs directly through tsx (a runtime dependency), so there is no build step.
#
# Debian (glibc), not Alpine: @temporalio/core-bridge and @swc/core ship prebuilt glibc binaries.
FROM node:22-bookworm-slim

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000

WORKDIR /app

# The worker prints the lägesrapport's PDF with Debian's Chromium (never a browser download).
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
ENV CHROMIUM_PATH=/usr/bin/chromium

# Dependencies first, so source edits do not invalidate this layer.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

COPY tsconfig.json ./
COPY workflows ./workflows
COPY activities ./activities
COPY api ./api
COPY db ./db
COPY worker ./worker
COPY cli ./cli
COPY config ./config
COPY i18n ./i18n
# The rules (core/) and the rendering both pages and mails use (web/).
COPY core ./core
COPY web ./web

# The workflow bundle, built here from the code this image carries (npm run build:workflows): the
# worker loads it instead of running webpack at each start, and keeps webpack out of its memory.
RUN node --import tsx worker/build-bundle.ts /app/workflow-bundle.js
ENV WORKFLOW_BUNDLE=/app/workflow-bundle.js

# Source stays root-owned and read-only for the app; only DATA_DIR (default ./data, used by the
# embedded PGlite fallback when DATABASE_URL is unset) is writable by the node user.
RUN mkdir -p /app/data && chown node:node /app/data

USER node

EXPOSE 3000

# No curl in the slim image: use node's fetch. 127.0.0.1 rather than localhost so the check does
# not try ::1 while the server listens on 0.0.0.0 (IPv4). Only meaningful for the API; the worker
# service disables it in docker-compose.yml.
# Healthy means ready: /api/ready answers 200 once PostgreSQL and Temporal answer (within
# TEMPORAL_CALL_TIMEOUT_MS, 5 s by default, hence the longer timeout); /api/health only says the process lives.
HEALTHCHECK --interval=15s --timeout=8s --start-period=40s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/ready').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"

CMD ["node", "--import", "tsx", "api/server.ts"]
