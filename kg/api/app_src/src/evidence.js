// The evidence panel: an event's claims grouped by source, each quote highlighted in the
// text of its document, with the publisher, the attribution chain, dates and figures.
import { gql, pageOf, Q, textWindowsQuery } from "./api.js";
import { escapeHtml } from "./map.js";

const AROUND = 700;
const MAX_WINDOWS = 12;

const link = (node, text = node?.name) =>
  node ? (node.iri ? `<a href="${escapeHtml(pageOf(node.iri))}">${escapeHtml(text)}</a>` : escapeHtml(text)) : "";

const span = (a, b) => (a && b && a !== b ? `${a} – ${b}` : a || b || "undated");

function figures(list) {
  if (!list || !list.length) return "";
  return list
    .map((c) => {
      const n = c.count == null ? "" : c.maxCount && c.maxCount !== c.count ? `${c.count}–${c.maxCount}` : `${c.count}`;
      const who = c.groupLabel ? ` ${c.groupLabel}` : "";
      return `${escapeHtml([c.qualifier !== "exact" ? c.qualifier : "", n].filter(Boolean).join(" "))} ${escapeHtml(c.kind)}${escapeHtml(who)}`;
    })
    .join("; ");
}

/** "AFP, citing the Observatory": the relays, then the original source. */
export function chainText(attribution, source) {
  if (!attribution) return source ? source.name : "unattributed";
  const original = attribution.original?.name || source?.name || "unattributed";
  const relays = attribution.relays.map((r) => r.name);
  return relays.length ? `${relays.join(", ")}, citing ${original}` : original;
}

export async function showEvidence(container, slug, globalId) {
  container.innerHTML = `<p class="note">Loading the claims…</p>`;
  const data = await gql(Q.evidence, { id: globalId });
  const e = data.node;
  if (!e) {
    container.innerHTML = `<p class="note">No event ${escapeHtml(slug)}.</p>`;
    return;
  }
  const bySource = new Map();
  for (const c of e.claims) {
    const key = c.source?.name || "Unattributed";
    if (!bySource.has(key)) bySource.set(key, { source: c.source, claims: [] });
    bySource.get(key).claims.push(c);
  }
  const rows = e.claims
    .map(
      (c) => `<tr><th scope="row">${escapeHtml(c.source?.name || "—")}</th><td>${escapeHtml(span(c.startDate, c.endDate))}</td><td>${figures(c.casualties) || "—"}</td></tr>`,
    )
    .join("");
  let html = `
    <article class="event" data-event="${escapeHtml(e.slug)}">
      <h3><a href="${escapeHtml(pageOf(e.iri))}">${escapeHtml(e.label || e.slug)}</a></h3>
      <dl class="facts">
        <dt>When</dt><dd>${escapeHtml(span(e.startDate, e.endDate))} <small>(${escapeHtml(e.datePrecision || "")})</small></dd>
        <dt>Type</dt><dd>${e.types.map((t) => escapeHtml(t.name || t.slug)).join(", ")}</dd>
        <dt>Attackers</dt><dd>${e.attackers.map((a) => link(a)).join(", ") || "—"}</dd>
        <dt>Targets</dt><dd>${e.targets.map((a) => link(a)).join(", ") || "—"}</dd>
        <dt>Places</dt><dd>${e.places.map((p) => link(p)).join(", ") || "—"}</dd>
        <dt>Corroboration</dt><dd>${e.sourceCount} source(s), ${e.claimCount} claim(s)</dd>
        <dt>Casualties</dt><dd>${figures(e.casualties) || "—"}</dd>
      </dl>
      <table class="compare"><caption>Dates and figures by claim</caption>
        <thead><tr><th scope="col">Source</th><th scope="col">Dates</th><th scope="col">Figures</th></tr></thead>
        <tbody>${rows}</tbody></table>`;
  let n = 0;
  for (const [name, group] of bySource) {
    html += `<section class="source-group"><h4>${link(group.source, name)} <small>${group.claims.length} claim(s)</small></h4>`;
    for (const c of group.claims) {
      const doc = c.document;
      html += `
        <div class="claim" id="claim-${n}">
          <blockquote>${escapeHtml(c.quote)}</blockquote>
          <p class="meta">${escapeHtml(chainText(c.attribution, c.source))}
            · ${doc ? `${isRow(doc) ? `dataset row (${escapeHtml(datasetOf(c))}) ` : ""}${link({ name: doc.title || doc.slug, iri: doc.iri })}` : "no document"}
            ${doc?.publisher ? `· published by ${link(doc.publisher)}` : ""}
            ${doc?.datePublished ? `· ${escapeHtml(doc.datePublished)}` : ""}
            ${doc?.url ? `· <a href="${escapeHtml(doc.url)}" rel="noreferrer" target="_blank">original</a>` : ""}
            · claim ${link({ name: c.slug, iri: c.iri })}
            ${c.attribution ? `· stance: ${escapeHtml(c.attribution.stance.toLowerCase().replace("_", " "))}` : ""}</p>
          <div class="doc-text" aria-label="The quote in its document" data-claim="${n}">${c.context ? contextHtml(c.context) : ""}</div>
        </div>`;
      n += 1;
    }
    html += `</section>`;
  }
  html += `</article>`;
  container.innerHTML = html;
  await loadTexts(container, e.claims);
}

const isRow = (doc) => doc.documentType === "DatasetRecord";
const datasetOf = (claim) => (claim.extraction?.method || "dataset").replace(/^dataset:/, "").toUpperCase();

function contextHtml(ctx) {
  const s = ctx.sentence;
  return `<p>…${escapeHtml(s.slice(0, ctx.quoteStart))}<mark>${escapeHtml(s.slice(ctx.quoteStart, ctx.quoteEnd))}</mark>${escapeHtml(s.slice(ctx.quoteEnd))}…</p>`;
}

/** The text around each quote, in one request; the quote marked where its offsets say. */
async function loadTexts(container, claims) {
  const windows = [];
  claims.forEach((c, i) => {
    if (i >= MAX_WINDOWS || !c.document || c.startOffset == null || c.endOffset == null) return;
    const start = Math.max(0, c.startOffset - AROUND);
    windows.push({ i, id: c.document.id, start, length: c.endOffset - start + AROUND, claim: c });
  });
  if (!windows.length) return;
  const { query, variables } = textWindowsQuery(windows);
  const data = await gql(query, variables);
  windows.forEach((w, k) => {
    const t = data[`d${k}`]?.text;
    const box = container.querySelector(`.doc-text[data-claim="${w.i}"]`);
    if (!t || !box) return;
    const a = w.claim.startOffset - t.start;
    const b = w.claim.endOffset - t.start;
    const before = t.text.slice(0, a);
    const after = t.text.slice(b);
    box.innerHTML = `<p>${t.start > 0 ? "…" : ""}${paragraphs(before)}<mark class="quote">${escapeHtml(t.text.slice(a, b))}</mark>${paragraphs(after)}${t.start + t.text.length < t.totalLength ? "…" : ""}</p>`;
  });
  for (const mark of container.querySelectorAll("mark.quote")) {
    const box = mark.closest(".doc-text");
    box.scrollTop = Math.max(0, mark.offsetTop - 40);
  }
}

const paragraphs = (text) => escapeHtml(text).replace(/\n{2,}/g, "</p><p>").replace(/\n/g, "<br>");
