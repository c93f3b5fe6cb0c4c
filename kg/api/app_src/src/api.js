// The public GraphQL API of the server that serves the app (same origin, POST /graphql).

export class ApiError extends Error {}

const CACHE_MS = 60_000;
const CACHE_SIZE = 100;
const cache = new Map();

/** POST a query; answers are kept for a minute, so going back to a selection is immediate. */
export async function gql(query, variables = {}, signal = undefined) {
  const key = JSON.stringify([query, variables]);
  const hit = cache.get(key);
  if (hit && performance.now() - hit.at < CACHE_MS) return hit.data;
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query, variables }),
    signal,
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The API answered ${response.status}`);
  }
  if (body.errors && body.errors.length) {
    throw new ApiError(body.errors.map((e) => e.message).join("; "));
  }
  cache.delete(key);
  cache.set(key, { at: performance.now(), data: body.data });
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value);
  return body.data;
}

/** Relay global id of a node of this type and project id. */
export function globalId(type, slug) {
  return btoa(`${type}:${slug}`);
}

/** The node's page on this server: /id/<kind>/<id>. */
export function pageOf(iri) {
  if (!iri) return null;
  const at = iri.lastIndexOf("/id/");
  return at >= 0 ? iri.slice(at) : iri;
}

const EVENT_FIELDS = `id slug iri label type startDate endDate datePrecision sourceCount claimCount
  attackers { slug name iri } targets { slug name iri } places { slug name iri }`;

export const Q = {
  lookups: `query Lookups {
    stats { events claims documents sources }
    actors(orderBy: EVENTS_DESC, first: 100) { nodes { slug name } }
    sources(orderBy: CLAIMS_DESC, first: 100) { nodes { slug name } }
    eventTypes(first: 100) { nodes { slug name } }
    governorates: places(filter: { types: ["Governorate"] }, orderBy: NAME, first: 100) {
      nodes { slug name lat lon iri }
    }
    settlements: places(filter: { types: ["Settlement"] }, orderBy: EVENTS_DESC, first: 100) {
      nodes { slug name lat lon iri }
    }
  }`,
  map: `query Map($filter: EventFilter, $first: Int!, $after: String) {
    eventsGeoJSON(filter: $filter, first: $first, after: $after)
  }`,
  timeline: `query Timeline($filter: EventFilter, $groupBy: [Dimension!]!) {
    aggregate(groupBy: $groupBy, filter: $filter, first: 1000) {
      buckets { keys { dimension value label start end } events }
      total { events }
    }
  }`,
  list: `query List($filter: EventFilter, $after: String) {
    events(filter: $filter, orderBy: DATE_ASC, first: 50, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { ${EVENT_FIELDS} }
    }
  }`,
  matrix: `query Matrix($filter: EventFilter) {
    whoAttackedWhom(filter: $filter, first: 100) {
      attacker { slug name } target { slug name } events
    }
  }`,
  evidence: `query Evidence($id: ID!) {
    node(id: $id) {
      ... on Event {
        ${EVENT_FIELDS}
        types { slug name }
        casualties { count maxCount qualifier kind groupLabel }
        claims(first: 20) {
          id slug iri quote startOffset endOffset startDate endDate datePrecision confidence eventTypes
          source { slug name iri }
          document { id slug iri title url datePublished documentType publisher { slug name iri } }
          extraction { method }
          attribution { stance original { name iri } organisations { name } relays { name iri } }
          casualties { count maxCount qualifier kind groupLabel }
          context { sentence quoteStart quoteEnd }
        }
      }
    }
  }`,
};

/** One request for the text around each claim's quote (aliases d0, d1...). */
export function textWindowsQuery(windows) {
  const params = windows.map((_, i) => `$id${i}: String!, $s${i}: Int!, $n${i}: Int!`).join(", ");
  const fields = windows
    .map((_, i) => `d${i}: document(id: $id${i}) { text(start: $s${i}, length: $n${i}) { text start totalLength } }`)
    .join("\n");
  const variables = {};
  windows.forEach((w, i) => {
    variables[`id${i}`] = w.id;
    variables[`s${i}`] = w.start;
    variables[`n${i}`] = w.length;
  });
  return { query: `query Texts(${params}) {\n${fields}\n}`, variables };
}
