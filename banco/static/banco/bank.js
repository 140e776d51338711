/* Project bank, progressive enhancement only: every link and form works without JavaScript.
   - On wide screens the facet panel (a <details>) starts open.
   - The map view draws the proposals embedded with json_script as markers (Leaflet). */
(function () {
  "use strict";
  var facets = document.querySelector("details[data-facets]");
  if (facets && window.matchMedia && window.matchMedia("(min-width: 56rem)").matches) {
    facets.open = true;
  }

  var element = document.querySelector("[data-bank-map]");
  var source = document.getElementById("bank-map-data");
  if (!element || !source || typeof L === "undefined") { return; }
  var points = JSON.parse(source.textContent);
  var map = L.map(element, { scrollWheelZoom: false, preferCanvas: true });
  L.tileLayer(element.dataset.tiles, { maxZoom: 19, attribution: element.dataset.attribution || "" }).addTo(map);
  var bounds = [];
  points.forEach(function (point) {
    var latlng = [point.lat, point.lng];
    // Popups are built from text nodes: titles are never parsed as HTML.
    var popup = document.createElement("div");
    popup.className = "bank-map__popup";
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.title;
    popup.appendChild(link);
    if (point.meta) {
      var meta = document.createElement("div");
      meta.textContent = point.meta;
      popup.appendChild(meta);
    }
    L.circleMarker(latlng, { radius: 7, weight: 2, color: "#083f54", fillColor: "#0b5c7a", fillOpacity: 0.8 })
      .bindPopup(popup)
      .addTo(map);
    bounds.push(latlng);
  });
  if (bounds.length) {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  } else {
    map.setView([parseFloat(element.dataset.lat) || 25.5428, parseFloat(element.dataset.lng) || -103.4068], 11);
  }
})();
