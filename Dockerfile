# The API image (Neo4j runs in its own container, see docker-compose.yml).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY kg ./kg
COPY loaders ./loaders
COPY schema ./schema
COPY seeds ./seeds
RUN pip install --no-cache-dir -e .
RUN useradd --create-home kg
USER kg
EXPOSE 8000
CMD ["kg", "serve", "--host", "0.0.0.0"]
