// The analyst's app: every view reads the same filters (kept in the URL) through the public
// GraphQL API, and a filter change redraws the map, the timeline, the list and the matrix.
import "./style.css";
import { gql, globalId, pageOf, Q } from "./api.js";
import { colourOf, rankedColours, setTypes } from "./colours.js";
import { showEvidence } from "./evidence.js";
import { toCsv, download } from "./export.js";
import { escapeHtml, EventMap } from "./map.js";
import { emptyFilters, eventFilter, readUrl, toSearch } from "./state.js";
import { Timeline } from "./timeline.js";

const MAP_PAGE = 5000;
const MAP_MAX = 20000;
const TIMELINE_BUCKETS = 1000; // the aggregate's largest page
const $ = (id) => document.getElementById(id);

const state = { ...readUrl(), lookups: null, geojson: null, cell: null, generation: 0, listAfter: null };
let inflight = new AbortController();
/** Resolved once the lookups (types, actors, sources, places) are in the form: the views
 * fetch their data meanwhile and wait for it only to draw (colours come from the types). */
let ready = Promise.resolve();
const timings = [];
window.kgApp = { timings, state };

const map = new EventMap($("map"), {
  onEvent: (slug) => selectEvent(slug),
  onBox: (box) => {
    state.filters.bbox = box;
    writeForm();
    refresh("box");
  },
});
const timeline = new Timeline($("timeline"), {
  onRange: (range) => {
    state.filters.from = range ? range[0] : "";
    state.filters.to = range ? range[1] : "";
    writeForm();
    refresh("brush");
  },
});

// ---- filters <-> form <-> URL ----

const form = $("filters");
const MULTI = ["actors", "attackers", "targets", "types", "sources", "publishers"];

function fillSelect(select, nodes, chosen) {
  select.innerHTML = nodes.map((n) => `<option value="${escapeHtml(n.slug)}">${escapeHtml(n.name || n.slug)}</option>`).join("");
  for (const v of chosen) {
    if (![...select.options].some((o) => o.value === v)) select.add(new Option(v, v));
  }
}

function writeForm() {
  const f = state.filters;
  for (const k of MULTI) for (const o of form.elements[k].options) o.selected = f[k].includes(o.value);
  form.elements.from.value = f.from;
  form.elements.to.value = f.to;
  form.elements.text.value = f.text;
  form.elements.places.value = f.places.join(", ");
  form.elements.minSources.value = f.minSources;
  form.elements.governorate.value = f.governorate;
  $("bbox-text").textContent = f.bbox ? `Box ${f.bbox}` : "Whole map";
  $("bbox-clear").hidden = !f.bbox;
}

function readForm() {
  const f = emptyFilters();
  for (const k of MULTI) f[k] = [...form.elements[k].selectedOptions].map((o) => o.value);
  f.from = form.elements.from.value;
  f.to = form.elements.to.value;
  f.text = form.elements.text.value.trim();
  f.places = form.elements.places.value.split(",").map((s) => s.trim()).filter(Boolean);
  f.minSources = form.elements.minSources.value;
  f.governorate = form.elements.governorate.value;
  f.bbox = state.filters.bbox;
  state.filters = f;
}

function writeUrl() {
  const search = toSearch(state);
  history.replaceState(null, "", `${location.pathname}${search}`);
  $("permalink").href = `${location.pathname}${search}`;
}

form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  readForm();
  refresh("filter");
});
form.addEventListener("change", (ev) => {
  if (ev.target.name === "text" || ev.target.name === "places") return; // on Enter or Apply
  readForm();
  refresh("filter");
});
$("reset").addEventListener("click", () => {
  state.filters = emptyFilters();
  state.cell = null;
  writeForm();
  refresh("filter");
});
$("bbox-set").addEventListener("click", () => {
  state.filters.bbox = map.viewBox();
  writeForm();
  refresh("filter");
});
$("bbox-clear").addEventListener("click", () => {
  state.filters.bbox = "";
  writeForm();
  refresh("filter");
});
for (const id of ["period", "stack"]) {
  $(id).addEventListener("change", () => {
    state[id] = $(id).value;
    writeUrl();
    loadTimeline(state.generation).catch(showError);
  });
}

// ---- tabs ----

const tabs = [$("tab-map"), $("tab-matrix")];
function showView(view) {
  state.view = view === "matrix" ? "matrix" : "map";
  for (const tab of tabs) {
    const on = tab.id === `tab-${state.view}`;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $(tab.getAttribute("aria-controls")).hidden = !on;
  }
  if (state.view === "map") map.invalidate();
  writeUrl();
}
for (const tab of tabs) {
  tab.addEventListener("click", () => showView(tab.id.slice(4)));
  tab.addEventListener("keydown", (ev) => {
    if (ev.key !== "ArrowRight" && ev.key !== "ArrowLeft") return;
    const other = tabs[(tabs.indexOf(tab) + 1) % tabs.length];
    other.focus();
    showView(other.id.slice(4));
  });
}

// ---- loading ----

function status(text) {
  $("status").textContent = text;
}

function showError(err) {
  if (err.name === "AbortError") return; // a newer selection replaced this one
  console.error(err);
  status(`Error: ${err.message}`);
  document.body.dataset.error = err.message;
}

/** The events on the map, 5,000 a request, at most MAP_MAX in all. */
async function loadMap(gen) {
  const filter = eventFilter(state.filters);
  const fc = { type: "FeatureCollection", features: [], unlocated: 0, truncated: false };
  let after = null;
  do {
    const page = (await gql(Q.map, { filter, first: MAP_PAGE, after }, inflight.signal)).eventsGeoJSON;
    if (gen !== state.generation) return;
    fc.features.push(...page.features);
    fc.unlocated += page.unlocated;
    fc.truncated = page.truncated;
    after = page.endCursor;
  } while (fc.truncated && fc.features.length + fc.unlocated < MAP_MAX);
  await ready;
  if (gen !== state.generation) return;
  state.geojson = fc;
  map.setFeatures(fc);
  const notes = [];
  if (fc.truncated) notes.push(`The map shows the first ${fc.features.length.toLocaleString()} events by date.`);
  if (fc.unlocated) notes.push(`${fc.unlocated.toLocaleString()} event(s) have no located place.`);
  $("map-note").textContent = notes.join(" ");
}

async function loadTimeline(gen) {
  const period = state.period || "MONTH";
  const stack = state.stack === "ATTACKER" ? "ATTACKER" : "TYPE";
  const filter = eventFilter(state.filters, { dates: false });
  const [data, totals] = await Promise.all([
    gql(Q.timeline, { filter, groupBy: [period, stack] }, inflight.signal),
    gql(Q.timeline, { filter, groupBy: [period] }, inflight.signal),
  ]);
  await ready;
  if (gen !== state.generation) return;
  const buckets = data.aggregate.buckets;
  const legend = $("stack-legend");
  let colour = colourOf;
  legend.hidden = stack !== "ATTACKER";
  if (stack === "ATTACKER") {
    const totals = new Map();
    const labels = new Map();
    for (const b of buckets) {
      const k = b.keys[1];
      totals.set(k.value, (totals.get(k.value) || 0) + b.events);
      labels.set(k.value, k.label);
    }
    const ranked = [...totals.keys()].sort((a, b) => totals.get(b) - totals.get(a));
    colour = rankedColours(ranked);
    legend.innerHTML =
      ranked
        .slice(0, 10)
        .map((k) => `<span><i style="background:${colour(k)}" aria-hidden="true"></i>${escapeHtml(labels.get(k))}</span>`)
        .join("") + (ranked.length > 10 ? `<span><i style="background:${colour("")}" aria-hidden="true"></i>others</span>` : "");
  }
  timeline.setData(buckets, [state.filters.from, state.filters.to], colour, totals.aggregate.buckets);
  const cut = buckets.length >= TIMELINE_BUCKETS ? buckets[buckets.length - 1].keys[0].label : null;
  $("timeline-note").textContent = cut
    ? `After ${cut} the bars are grey: one answer holds at most ${TIMELINE_BUCKETS.toLocaleString()} period and ${stack === "TYPE" ? "type" : "attacker"} pairs (pick a longer period).`
    : "";
}

function listFilter() {
  const f = eventFilter(state.filters) || {};
  if (state.cell) {
    f.attackers = [state.cell.attacker.slug];
    f.targets = [state.cell.target.slug];
  }
  return f;
}

async function loadList(gen, more = false) {
  const data = await gql(Q.list, { filter: listFilter(), after: more ? state.listAfter : null }, inflight.signal);
  await ready;
  if (gen !== state.generation) return;
  const page = data.events;
  state.listAfter = page.pageInfo.endCursor;
  state.total = page.totalCount;
  const list = $("event-list");
  const items = page.nodes.map(
    (e) => `<li><button type="button" class="event-row" data-slug="${escapeHtml(e.slug)}">
      <span class="swatch" style="background:${colourOf(e.type)}" aria-hidden="true"></span>
      <span class="when">${escapeHtml(e.startDate || "undated")}</span>
      <span class="what">${escapeHtml(e.type || "event")}: ${escapeHtml(e.attackers.map((a) => a.name).join(", ") || "?")} → ${escapeHtml(e.targets.map((a) => a.name).join(", ") || "?")}</span>
      <span class="where">${escapeHtml(e.places.map((p) => p.name).join(", "))} · ${e.sourceCount} source(s)</span>
    </button> <a class="id-link" href="${escapeHtml(pageOf(e.iri))}" aria-label="Page of event ${escapeHtml(e.slug)}">id</a></li>`,
  );
  if (more) list.insertAdjacentHTML("beforeend", items.join(""));
  else list.innerHTML = items.join("") || `<li class="note">No event matches.</li>`;
  $("more").hidden = !page.pageInfo.hasNextPage;
  $("events-title").textContent = `Events (${page.totalCount.toLocaleString()})`;
  const scope = $("cell-scope");
  scope.hidden = !state.cell;
  if (state.cell) {
    scope.innerHTML = `${escapeHtml(state.cell.attacker.name)} attacking ${escapeHtml(state.cell.target.name)} <button type="button" id="cell-clear">Show all</button>`;
    $("cell-clear").addEventListener("click", () => {
      state.cell = null;
      loadList(state.generation).catch(showError);
    });
  }
}

async function loadMatrix(gen) {
  const data = await gql(Q.matrix, { filter: eventFilter(state.filters) }, inflight.signal);
  await ready;
  if (gen !== state.generation) return;
  const cells = data.whoAttackedWhom;
  const attackers = new Map();
  const targets = new Map();
  const at = new Map();
  for (const c of cells) {
    attackers.set(c.attacker.slug, c.attacker);
    targets.set(c.target.slug, c.target);
    at.set(`${c.attacker.slug}|${c.target.slug}`, c);
  }
  const total = (m, key) => cells.filter((c) => c[key].slug === m).reduce((s, c) => s + c.events, 0);
  const rows = [...attackers.values()].sort((a, b) => total(b.slug, "attacker") - total(a.slug, "attacker"));
  const cols = [...targets.values()].sort((a, b) => total(b.slug, "target") - total(a.slug, "target"));
  const max = Math.max(1, ...cells.map((c) => c.events));
  if (!cells.length) {
    $("matrix").innerHTML = `<p class="note">No attacker and target in the selection.</p>`;
    state.cells = [];
    return;
  }
  state.cells = cells;
  let html = `<p class="matrix-caption" id="matrix-caption">Events by attacker (rows) and target (columns)${cells.length >= 100 ? ", the 100 largest pairs" : ""}; pick a cell to list its events.</p><table class="matrix" aria-describedby="matrix-caption"><thead><tr><th scope="col">Attacker \\ target</th>`;
  html += cols.map((t) => `<th scope="col"><span>${escapeHtml(t.name)}</span></th>`).join("") + "</tr></thead><tbody>";
  for (const a of rows) {
    html += `<tr><th scope="row">${escapeHtml(a.name)}</th>`;
    for (const t of cols) {
      const c = at.get(`${a.slug}|${t.slug}`);
      if (!c) {
        html += `<td></td>`;
        continue;
      }
      const alpha = 0.15 + 0.85 * Math.sqrt(c.events / max);
      html += `<td><button type="button" class="cell" data-key="${escapeHtml(`${a.slug}|${t.slug}`)}" style="--a:${alpha.toFixed(2)}" aria-label="${escapeHtml(a.name)} attacked ${escapeHtml(t.name)}: ${c.events} events">${c.events}</button></td>`;
    }
    html += "</tr>";
  }
  $("matrix").innerHTML = html + "</tbody></table>";
}

$("matrix").addEventListener("click", (ev) => {
  const button = ev.target.closest("button.cell");
  if (!button) return;
  const [a, t] = button.dataset.key.split("|");
  state.cell = state.cells.find((c) => c.attacker.slug === a && c.target.slug === t);
  loadList(state.generation).then(() => $("events").focus()).catch(showError);
});

$("event-list").addEventListener("click", (ev) => {
  const button = ev.target.closest("button.event-row");
  if (button) selectEvent(button.dataset.slug);
});
$("event-list").addEventListener("keydown", (ev) => {
  if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp") return;
  const rows = [...$("event-list").querySelectorAll("button.event-row")];
  const i = rows.indexOf(document.activeElement);
  if (i < 0) return;
  ev.preventDefault();
  rows[Math.max(0, Math.min(rows.length - 1, i + (ev.key === "ArrowDown" ? 1 : -1)))].focus();
});
$("more").addEventListener("click", () => loadList(state.generation, true).catch(showError));

function selectEvent(slug) {
  state.event = slug;
  writeUrl();
  for (const b of document.querySelectorAll("button.event-row")) b.setAttribute("aria-current", String(b.dataset.slug === slug));
  const body = $("evidence-body");
  document.body.dataset.evidence = "loading";
  showEvidence(body, slug, globalId("Event", slug))
    .then(() => {
      document.body.dataset.evidence = slug;
    })
    .catch(showError);
}

/** Redraw every view for the current filters; the time it took is kept in kgApp.timings. */
async function refresh(reason) {
  const gen = ++state.generation;
  const t0 = performance.now();
  inflight.abort(); // the server stops the answers no one waits for any more
  inflight = new AbortController();
  document.body.dataset.busy = "true";
  writeUrl();
  status("Updating…");
  try {
    const parts = {};
    const timed = (name, promise) => promise.then(() => (parts[name] = Math.round(performance.now() - t0)));
    await Promise.all([
      timed("map", loadMap(gen)),
      timed("timeline", loadTimeline(gen)),
      timed("list", loadList(gen)),
      timed("matrix", loadMatrix(gen)),
    ]);
    state.parts = parts;
  } catch (err) {
    if (gen === state.generation) showError(err);
    return;
  }
  if (gen !== state.generation) return;
  await new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const ms = performance.now() - t0;
  timings.push({ reason, ms, events: state.total, parts: state.parts });
  if (reason === "load") window.kgApp.readyAt = performance.now();
  status(`${(state.total ?? 0).toLocaleString()} events match`);
  document.body.dataset.busy = "false";
  document.body.dataset.generation = String(gen);
}

// ---- exports ----

$("export-geojson").addEventListener("click", () => {
  if (!state.geojson) return;
  download("events.geojson", JSON.stringify(state.geojson), "application/geo+json");
});
$("export-csv").addEventListener("click", () => {
  if (!state.geojson) return;
  download("events.csv", toCsv(state.geojson.features), "text/csv");
});

// ---- start ----

function applyLookups(lookups) {
  state.lookups = lookups;
  setTypes(lookups.eventTypes.nodes.map((t) => t.slug));
  fillSelect(form.elements.actors, lookups.actors.nodes, state.filters.actors);
  fillSelect(form.elements.attackers, lookups.actors.nodes, state.filters.attackers);
  fillSelect(form.elements.targets, lookups.actors.nodes, state.filters.targets);
  fillSelect(form.elements.types, lookups.eventTypes.nodes, state.filters.types);
  fillSelect(form.elements.sources, lookups.sources.nodes, state.filters.sources);
  fillSelect(form.elements.publishers, lookups.sources.nodes, state.filters.publishers);
  const gov = form.elements.governorate;
  for (const p of lookups.governorates.nodes) gov.add(new Option(p.name, p.slug));
  $("place-names").innerHTML = [...lookups.governorates.nodes, ...lookups.settlements.nodes].map((p) => `<option value="${escapeHtml(p.name)}">`).join("");
  $("legend").innerHTML = lookups.eventTypes.nodes
    .map((t) => `<span><i style="background:${colourOf(t.slug)}" aria-hidden="true"></i>${escapeHtml(t.name || t.slug)}</span>`)
    .join("");
  map.setReference(lookups.governorates.nodes, lookups.settlements.nodes);
  writeForm();
}

async function start() {
  writeForm();
  showView(state.view);
  $("period").value = state.period || "MONTH";
  $("stack").value = state.stack || "TYPE";
  ready = gql(Q.lookups).then(applyLookups);
  await refresh("load");
  if (state.event) selectEvent(state.event);
}

window.addEventListener("resize", () => timeline.draw());
start().catch(showError);
