FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY domain ./domain
COPY graph ./graph
COPY schema ./schema
COPY loaders ./loaders
COPY cli ./cli
RUN pip install --no-cache-dir .
EXPOSE 8000
# Migrations run at start; the Gifhorn dataset is loaded only into an empty database, so
# edits made through the API survive a restart.
CMD ["sh", "-c", "integration-graph load --if-empty loaders/data/gifhorn && integration-graph serve"]
