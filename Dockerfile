FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY schemas ./schemas
COPY worker ./worker
COPY examples ./examples
RUN pip install --no-cache-dir '.[flower]'
USER nobody
CMD ["article-ingest", "worker"]
