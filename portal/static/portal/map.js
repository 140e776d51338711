/* Maps with Leaflet: a point on a proposal page, and a picker that fills latitude/longitude
   inputs on the proposal form. Without JavaScript the inputs and links still work. */
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }
  var DEFAULT_CENTER = [25.5428, -103.4068]; // Torreón
  function tiles(element) {
    return L.tileLayer(element.dataset.tiles, { maxZoom: 19, attribution: element.dataset.attribution || "" });
  }
  document.querySelectorAll("[data-map]").forEach(function (element) {
    var point = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lng)];
    if (isNaN(point[0]) || isNaN(point[1])) { return; }
    var map = L.map(element, { scrollWheelZoom: false }).setView(point, 16);
    tiles(element).addTo(map);
    L.marker(point, { title: element.dataset.label, keyboard: true }).addTo(map);
  });
  document.querySelectorAll("[data-map-picker]").forEach(function (element) {
    var lat = document.getElementById(element.dataset.latInput);
    var lng = document.getElementById(element.dataset.lngInput);
    if (!lat || !lng) { return; }
    var start = [parseFloat(lat.value), parseFloat(lng.value)];
    var has = !isNaN(start[0]) && !isNaN(start[1]);
    var map = L.map(element).setView(has ? start : DEFAULT_CENTER, has ? 16 : 12);
    tiles(element).addTo(map);
    var marker = has ? L.marker(start).addTo(map) : null;
    function place(latlng) {
      lat.value = latlng.lat.toFixed(6);
      lng.value = latlng.lng.toFixed(6);
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
    }
    map.on("click", function (event) { place(event.latlng); });
    function fromInputs() {
      var point = [parseFloat(lat.value), parseFloat(lng.value)];
      if (!isNaN(point[0]) && !isNaN(point[1])) { place(L.latLng(point)); map.setView(point); }
    }
    lat.addEventListener("change", fromInputs);
    lng.addEventListener("change", fromInputs);
  });
})();
