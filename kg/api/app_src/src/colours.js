// One colour per event type, in the order the API lists the types.
const PALETTE = [
  "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
  "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#637939",
  "#8c6d31", "#843c39", "#7b4173", "#3182bd",
];

const assigned = new Map();

export function setTypes(slugs) {
  assigned.clear();
  slugs.forEach((s, i) => assigned.set(s, PALETTE[i % PALETTE.length]));
}

export function colourOf(type) {
  if (!type) return "#555555";
  if (!assigned.has(type)) assigned.set(type, PALETTE[assigned.size % PALETTE.length]);
  return assigned.get(type);
}

/** Colours for the actors of a timeline stacked by attacker: the largest ten get their own,
 * the others share grey. */
export function rankedColours(keysBySize) {
  const own = new Map(keysBySize.slice(0, 10).map((k, i) => [k, PALETTE[i]]));
  return (key) => own.get(key) || "#bbbbbb";
}
