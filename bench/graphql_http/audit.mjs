// Runs graphql-http's server audits (the GraphQL-over-HTTP spec) against a URL and prints
// one JSON line per audit: {id, name, status: "ok" | "warn" | "error", reason}.
//   cd bench/graphql_http && npm ci && node audit.mjs http://127.0.0.1:8000/graphql
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL');
  process.exit(2);
}
const results = await auditServer({ url });
for (const r of results) {
  console.log(JSON.stringify({ id: r.id, name: r.name, status: r.status, reason: r.reason ?? null }));
}
const failed = results.filter((r) => r.status === 'error').length;
const warned = results.filter((r) => r.status === 'warn').length;
console.error(`${results.length} audits: ${failed} failures, ${warned} warnings`);
