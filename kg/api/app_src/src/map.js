// The map: events as points coloured by type and sized by claims, clustered at low zoom
// (supercluster), over an offline base map (Natural Earth countries, the API's governorates
// and settlements).
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import Supercluster from "supercluster";
import basemap from "virtual:basemap";
import { colourOf } from "./colours.js";

const SYRIA_BOUNDS = [[32.2, 35.6], [37.4, 42.4]];
const LABELLED_SETTLEMENTS = 15;

export class EventMap {
  constructor(element, { onEvent, onBox }) {
    this.onEvent = onEvent;
    this.renderer = L.canvas({ padding: 0.2 });
    this.map = L.map(element, {
      preferCanvas: true,
      zoomSnap: 0.5,
      minZoom: 4,
      maxZoom: 14,
      attributionControl: true,
      keyboard: true,
    });
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("Boundaries: Natural Earth (world-atlas)");
    L.geoJSON(basemap, {
      interactive: false,
      style: (f) => ({
        color: f.properties.focus ? "#555" : "#aaa",
        weight: f.properties.focus ? 1.5 : 0.8,
        fillColor: f.properties.focus ? "#fbfaf5" : "#e9e9e4",
        fillOpacity: 1,
      }),
    }).addTo(this.map);
    this.reference = L.layerGroup().addTo(this.map);
    this.points = L.layerGroup().addTo(this.map);
    this.map.fitBounds(SYRIA_BOUNDS);
    this.index = null;
    this.map.on("moveend", () => this.draw());
    // Shift and drag draws a box: the map zooms to it and the box becomes a filter.
    this.map.on("boxzoomend", (e) => onBox(boxText(e.boxZoomBounds)));
  }

  /** Settlements from the API: small dots, the names of those with the most events;
   * governorates by name where they have coordinates. */
  setReference(governorates, settlements) {
    this.reference.clearLayers();
    let labelled = 0;
    for (const p of settlements) {
      if (p.lat == null) continue;
      L.circleMarker([p.lat, p.lon], {
        renderer: this.renderer, radius: 2, color: "#666", weight: 0, fillOpacity: 0.6, interactive: false,
      }).addTo(this.reference);
      if (labelled++ < LABELLED_SETTLEMENTS) {
        L.marker([p.lat, p.lon], {
          interactive: false,
          keyboard: false,
          icon: L.divIcon({ className: "place-label", html: escapeHtml(p.name), iconSize: null }),
        }).addTo(this.reference);
      }
    }
    for (const p of governorates) {
      if (p.lat == null) continue;
      L.marker([p.lat, p.lon], {
        interactive: false,
        keyboard: false,
        icon: L.divIcon({ className: "gov-label", html: escapeHtml(p.name), iconSize: null }),
      }).addTo(this.reference);
    }
  }

  setFeatures(collection) {
    const points = [];
    for (const f of collection.features) {
      const coords = f.geometry.type === "Point" ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const c of coords) points.push({ type: "Feature", id: f.id, properties: f.properties, geometry: { type: "Point", coordinates: c } });
    }
    this.index = new Supercluster({
      radius: 44,
      extent: 256,
      maxZoom: 10,
      minPoints: 3,
      // Each cluster counts its events per type, drawn as the slices of its disc.
      map: (p) => ({ types: { [p.type || ""]: 1 } }),
      reduce: (into, p) => {
        for (const [t, n] of Object.entries(p.types)) into.types[t] = (into.types[t] || 0) + n;
      },
    });
    this.index.load(points);
    this.draw();
  }

  draw() {
    this.points.clearLayers();
    if (!this.index) return;
    const b = this.map.getBounds();
    const zoom = Math.round(this.map.getZoom());
    const items = this.index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom);
    for (const item of items) {
      const [lon, lat] = item.geometry.coordinates;
      if (item.properties.cluster) {
        const n = item.properties.point_count;
        const size = Math.round(20 + Math.min(16, Math.log2(n) * 2.5));
        const marker = L.marker([lat, lon], {
          title: `${n} events: zoom in`,
          icon: L.divIcon({
            className: "cluster",
            html: `<span style="background:${slices(item.properties.types, n)}">${n}</span>`,
            iconSize: [size, size],
          }),
        });
        marker.on("click", () => {
          const to = Math.min(this.index.getClusterExpansionZoom(item.properties.cluster_id), 14);
          this.map.setView([lat, lon], to);
        });
        marker.addTo(this.points);
      } else {
        const p = item.properties;
        const marker = L.circleMarker([lat, lon], {
          renderer: this.renderer,
          radius: 4 + Math.min(8, Math.sqrt(p.claimCount || 1) * 2),
          color: "#222",
          weight: 0.8,
          fillColor: colourOf(p.type),
          fillOpacity: 0.85,
        });
        marker.bindTooltip(`${escapeHtml(p.type || "event")} ${p.startDate || ""}<br>${escapeHtml(p.places.join(", "))}`);
        marker.on("click", () => this.onEvent(item.id));
        marker.addTo(this.points);
      }
    }
  }

  /** west,south,east,north of the view, rounded. */
  viewBox() {
    return boxText(this.map.getBounds());
  }

  invalidate() {
    this.map.invalidateSize();
  }
}

function boxText(b) {
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(3)).join(",");
}

/** A conic gradient with one slice per event type, largest first. */
function slices(types, total) {
  let at = 0;
  const parts = Object.entries(types)
    .sort((a, b) => b[1] - a[1])
    .map(([t, k]) => {
      const from = at;
      at += (100 * k) / total;
      return `${colourOf(t)} ${from.toFixed(1)}% ${at.toFixed(1)}%`;
    });
  return `conic-gradient(${parts.join(", ")})`;
}

export function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}
