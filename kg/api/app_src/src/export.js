// CSV and GeoJSON files of the current selection, made in the page.
const COLUMNS = ["id", "type", "startDate", "endDate", "datePrecision", "attackers", "targets", "places", "lon", "lat", "sourceCount", "claimCount"];

function cell(value) {
  const text = Array.isArray(value) ? value.join("; ") : value == null ? "" : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(features) {
  const lines = [COLUMNS.join(",")];
  for (const f of features) {
    const [lon, lat] = f.geometry.type === "Point" ? f.geometry.coordinates : f.geometry.coordinates[0];
    const row = { id: f.id, ...f.properties, lon, lat };
    lines.push(COLUMNS.map((c) => cell(row[c])).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}

export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
