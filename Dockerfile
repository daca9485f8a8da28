# The cockpit is built with Node in a first stage; only its static files reach the app image.
FROM node:20-slim AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web ./
RUN npm run build

FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY domain ./domain
COPY graph ./graph
COPY schema ./schema
COPY loaders ./loaders
COPY reports ./reports
COPY cli ./cli
RUN pip install --no-cache-dir .
COPY --from=web /web/dist ./web/dist
# the cockpit's documents, trusted by the server by their hash (schema/persisted.py)
COPY web/src/graphql ./web/src/graphql
ENV API_WEB_DIR=/app/web/dist
EXPOSE 8000
# Migrations run at start; the Gifhorn dataset is loaded only into an empty database, so
# edits made through the API survive a restart.
CMD ["sh", "-c", "integration-graph load --if-empty loaders/data/gifhorn && integration-graph serve"]
