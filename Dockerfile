# syntax=docker/dockerfile:1
# Build stage: full dependencies, compile TypeScript and the crypto addon.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# A C compiler for native/fixed-key-crypto (the image's node carries its own headers in /usr/local).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY native ./native
COPY scripts/build-native.mjs ./scripts/build-native.mjs
# The install script goes on without the addon; an image is built to have it, so a failure stops here.
RUN npm_config_nodedir=/usr/local node scripts/build-native.mjs && test -f native/fixed-key-crypto/build/Release/fixed_key_crypto.node
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Runtime stage: production dependencies only, non-root.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/native/fixed-key-crypto/build/Release/fixed_key_crypto.node ./native/fixed-key-crypto/build/Release/fixed_key_crypto.node
COPY flows ./flows
COPY routes ./routes
COPY schemas ./schemas
USER node
EXPOSE 3000
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["serve", "--role", "web"]
