# The API image (Neo4j runs in its own container, see docker-compose.yml).
# GraphiQL and Swagger UI come from the npm registry at build time and are served by the API.
FROM node:20-slim AS assets
WORKDIR /assets
COPY kg/api/assets/package.json kg/api/assets/package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts && mkdir static \
 && cp node_modules/graphiql/graphiql.min.js node_modules/graphiql/graphiql.min.css \
       node_modules/react/umd/react.production.min.js \
       node_modules/react-dom/umd/react-dom.production.min.js \
       node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css \
       node_modules/swagger-ui-dist/favicon-32x32.png static/

# The web app at /app, bundled by vite from npm packages.
FROM node:20-slim AS webapp
WORKDIR /kg/api/app_src
COPY kg/api/app_src/ ./
RUN npm ci --no-audit --no-fund --ignore-scripts && npx --no-install vite build

FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY kg ./kg
COPY --from=assets /assets/static ./kg/api/static
COPY --from=webapp /kg/api/app_static ./kg/api/app_static
COPY loaders ./loaders
COPY schema ./schema
COPY seeds ./seeds
RUN pip install --no-cache-dir -e .
RUN useradd --create-home kg
USER kg
EXPOSE 8000
CMD ["kg", "serve", "--host", "0.0.0.0"]
