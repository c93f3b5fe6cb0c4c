// The filters shared by every view, kept in the page's URL (permalinks).

const LISTS = ["actors", "attackers", "targets", "types", "sources", "publishers", "places"];
const SCALARS = ["from", "to", "text", "minSources", "governorate", "bbox"];

export function emptyFilters() {
  const f = {};
  for (const k of LISTS) f[k] = [];
  for (const k of SCALARS) f[k] = "";
  return f;
}

export function readUrl(search = window.location.search) {
  const params = new URLSearchParams(search);
  const f = emptyFilters();
  for (const k of LISTS) f[k] = params.getAll(k).filter(Boolean);
  for (const k of SCALARS) f[k] = params.get(k) || "";
  return {
    filters: f,
    event: params.get("event") || "",
    view: params.get("view") || "map",
    period: params.get("period") || "",
    stack: params.get("stack") || "",
  };
}

export function toSearch({ filters, event, view, period, stack }) {
  const params = new URLSearchParams();
  for (const k of LISTS) for (const v of filters[k]) params.append(k, v);
  for (const k of SCALARS) if (filters[k]) params.set(k, filters[k]);
  if (event) params.set("event", event);
  if (view && view !== "map") params.set("view", view);
  if (period) params.set("period", period);
  if (stack && stack !== "TYPE") params.set("stack", stack);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The API's EventFilter for these filters; without the date range when asked (timeline). */
export function eventFilter(f, { dates = true } = {}) {
  const out = {};
  for (const k of ["actors", "attackers", "targets", "types"]) if (f[k].length) out[k] = f[k];
  if (f.sources.length) out.accordingTo = f.sources;
  if (f.publishers.length) out.publishers = f.publishers;
  const places = [...f.places];
  if (f.governorate) places.push(f.governorate);
  if (places.length) out.places = places;
  if (dates && f.from) out.from = f.from;
  if (dates && f.to) out.to = f.to;
  if (f.text) out.text = f.text;
  const min = parseInt(f.minSources, 10);
  if (min > 1) out.minSources = min;
  if (f.bbox) {
    const [west, south, east, north] = f.bbox.split(",").map(Number);
    if ([west, south, east, north].every(Number.isFinite)) out.bbox = { west, south, east, north };
  }
  return Object.keys(out).length ? out : null;
}
