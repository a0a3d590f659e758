/* Directory map: a progressive enhancement. The list works without it.
   Reads the points from a JSON block named by the map's data-points-id attribute. */
(function () {
  "use strict";

  function init() {
    var map = document.getElementById("directory-map");
    if (!map || typeof L === "undefined") {
      return;
    }
    var source = document.getElementById(map.dataset.pointsId);
    if (!source) {
      return;
    }
    var points = JSON.parse(source.textContent);
    if (!points.length) {
      return;
    }
    map.hidden = false;
    var leaflet = L.map(map, { scrollWheelZoom: false });
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 18,
      attribution:
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    }).addTo(leaflet);
    var bounds = [];
    points.forEach(function (point) {
      var marker = L.marker([point.lat, point.lon], { title: point.name, alt: point.name });
      var popup = document.createElement("div");
      var title = document.createElement(point.url ? "a" : "strong");
      title.textContent = point.name;
      if (point.url) {
        title.href = point.url;
      }
      popup.appendChild(title);
      popup.appendChild(document.createElement("br"));
      popup.appendChild(document.createTextNode(point.address));
      marker.bindPopup(popup).addTo(leaflet);
      bounds.push([point.lat, point.lon]);
    });
    leaflet.fitBounds(bounds, { padding: [30, 30], maxZoom: 14 });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
