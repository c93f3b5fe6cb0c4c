// Builds the web app into kg/api/app_static, served by the API at /app/.
// The base map (Syria and its neighbours) is cut at build time from world-atlas
// (Natural Earth 1:10m and 1:50m, public domain) into the virtual module "virtual:basemap".
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { feature } from "topojson-client";

const SYRIA = "760";
const NEIGHBOURS = new Set(["792", "368", "400", "422", "376", "275", "196"]);

function countries(file, keep) {
  const path = fileURLToPath(new URL(`node_modules/world-atlas/${file}`, import.meta.url));
  const topo = JSON.parse(readFileSync(path, "utf8"));
  const all = feature(topo, topo.objects.countries).features;
  return all.filter((f) => keep(f.id)).map((f) => ({
    type: "Feature",
    id: f.id,
    properties: { name: f.properties.name, focus: f.id === SYRIA },
    geometry: roundGeometry(f.geometry),
  }));
}

function roundGeometry(geometry) {
  const round = (c) => (typeof c[0] === "number" ? c.map((v) => Math.round(v * 1e4) / 1e4) : c.map(round));
  return { type: geometry.type, coordinates: round(geometry.coordinates) };
}

function basemap() {
  const id = "virtual:basemap";
  return {
    name: "kg-basemap",
    resolveId: (source) => (source === id ? "\0" + id : null),
    load(source) {
      if (source !== "\0" + id) return null;
      const features = [
        ...countries("countries-50m.json", (i) => NEIGHBOURS.has(i)),
        ...countries("countries-10m.json", (i) => i === SYRIA),
      ];
      return `export default ${JSON.stringify({ type: "FeatureCollection", features })};`;
    },
  };
}

export default defineConfig({
  base: "/app/",
  plugins: [basemap()],
  build: {
    outDir: "../app_static",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
  },
});
