// The timeline: events per period stacked by type (the API's aggregate), with a brush
// that sets the date range of every view.
import { axisBottom, axisLeft } from "d3-axis";
import { brushX } from "d3-brush";
import { scaleLinear, scaleUtc } from "d3-scale";
import { select } from "d3-selection";
import { colourOf } from "./colours.js";

const DAY = 86_400_000;
const HEIGHT = 150;
const MARGIN = { top: 8, right: 12, bottom: 22, left: 36 };

const parse = (d) => Date.parse(`${d}T00:00:00Z`);
const iso = (t) => new Date(t).toISOString().slice(0, 10);

export class Timeline {
  constructor(element, { onRange }) {
    this.element = element;
    this.onRange = onRange;
    this.svg = select(element).append("svg").attr("role", "img").attr("aria-label", "Events per period, stacked by type or attacker");
    this.bars = this.svg.append("g").attr("class", "bars");
    this.xAxis = this.svg.append("g").attr("class", "axis");
    this.yAxis = this.svg.append("g").attr("class", "axis");
    this.brushG = this.svg.append("g").attr("class", "brush");
    this.periods = [];
    this.range = null;
    this.quiet = false;
  }

  /** buckets: aggregate buckets keyed by [period, TYPE or ATTACKER]; range: [from, to] or
   * null; colour: the colour of a key of the second dimension. */
  setData(buckets, range, colour = colourOf, totals = []) {
    this.colour = colour;
    const periods = new Map();
    for (const b of buckets) {
      const [period, type] = b.keys;
      if (!period.start) continue;
      const p = periods.get(period.value) || { start: parse(period.start), end: parse(period.end) + DAY, total: 0, parts: [] };
      p.parts.push({ type: type.value, label: type.label, events: b.events });
      p.total += b.events;
      periods.set(period.value, p);
    }
    // Periods the stacked answer did not reach (it holds at most 1,000 pairs): one grey bar.
    for (const b of totals) {
      const [period] = b.keys;
      if (!period.start || periods.has(period.value)) continue;
      const label = "events, not broken down";
      const parts = [{ type: "", label, events: b.events }];
      periods.set(period.value, { start: parse(period.start), end: parse(period.end) + DAY, total: b.events, parts });
    }
    this.periods = [...periods.values()].sort((a, b) => a.start - b.start);
    for (const p of this.periods) p.parts.sort((a, b) => (a.type < b.type ? -1 : 1));
    this.range = range;
    this.draw();
  }

  draw() {
    const width = Math.max(300, this.element.clientWidth || 600);
    const inner = width - MARGIN.left - MARGIN.right;
    this.svg.attr("width", width).attr("height", HEIGHT).attr("viewBox", `0 0 ${width} ${HEIGHT}`);
    const periods = this.periods;
    const lo = periods.length ? periods[0].start : Date.UTC(2011, 0, 1);
    const hi = periods.length ? periods[periods.length - 1].end : Date.UTC(2025, 0, 1);
    const x = (this.x = scaleUtc().domain([lo, hi]).range([MARGIN.left, MARGIN.left + inner]));
    const max = Math.max(1, ...periods.map((p) => p.total));
    const y = scaleLinear().domain([0, max]).nice().range([HEIGHT - MARGIN.bottom, MARGIN.top]);
    const rects = [];
    for (const p of periods) {
      let base = 0;
      for (const part of p.parts) {
        rects.push({ p, part, y0: base, y1: base + part.events });
        base += part.events;
      }
    }
    this.bars
      .selectAll("rect")
      .data(rects)
      .join("rect")
      .attr("x", (d) => x(d.p.start) + 0.5)
      .attr("width", (d) => Math.max(1, x(d.p.end) - x(d.p.start) - 1))
      .attr("y", (d) => y(d.y1))
      .attr("height", (d) => Math.max(0, y(d.y0) - y(d.y1)))
      .attr("fill", (d) => this.colour(d.part.type))
      .selectAll("title")
      .data((d) => [d])
      .join("title")
      .text((d) => `${iso(d.p.start)}: ${d.part.events} ${d.part.label}`);
    this.xAxis.attr("transform", `translate(0,${HEIGHT - MARGIN.bottom})`).call(axisBottom(x).ticks(Math.max(2, Math.floor(inner / 90))));
    this.yAxis.attr("transform", `translate(${MARGIN.left},0)`).call(axisLeft(y).ticks(4));
    const brush = (this.brush = brushX()
      .extent([[MARGIN.left, MARGIN.top], [MARGIN.left + inner, HEIGHT - MARGIN.bottom]])
      .on("end", (event) => this.brushed(event)));
    this.brushG.call(brush);
    this.quiet = true;
    if (this.range && (this.range[0] || this.range[1])) {
      const a = this.range[0] ? parse(this.range[0]) : lo;
      const b = this.range[1] ? parse(this.range[1]) + DAY : hi;
      this.brushG.call(brush.move, [Math.max(x(a), MARGIN.left), Math.min(x(b), MARGIN.left + inner)]);
    } else {
      this.brushG.call(brush.move, null);
    }
    this.quiet = false;
  }

  brushed(event) {
    if (this.quiet || !event.sourceEvent) return;
    if (!event.selection) {
      this.onRange(null);
      return;
    }
    const [a, b] = event.selection.map((px) => this.x.invert(px).getTime());
    // Snap to whole periods: the first period the selection starts in, the last it ends in.
    const first = this.periods.find((p) => p.end > a);
    const last = [...this.periods].reverse().find((p) => p.start < b);
    const from = first ? Math.max(first.start, Math.min(a, first.start)) : a;
    const to = last ? last.end - DAY : b;
    this.onRange([iso(from), iso(Math.max(from, to))]);
  }
}
