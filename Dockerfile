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
# Migrations run at start; the Gifhorn dataset is loaded idempotently before serving.
CMD ["sh", "-c", "integration-graph load loaders/data/gifhorn && integration-graph serve"]
