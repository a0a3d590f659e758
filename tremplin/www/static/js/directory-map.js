/* Directory map: a progressive enhancement, loaded only when the person asks for it.
   The list is the page. This script adds a "show the map" button next to the (hidden) map
   container; the first click loads Leaflet (its CSS and JS, from our static files, named by
   the container's data-leaflet-css and data-leaflet-js), then draws the points read from the
   JSON block named by data-points-id. Without JavaScript there is no button and no map. */
(function () {
  "use strict";

  function load(map, done) {
    if (typeof L !== "undefined") {
      done();
      return;
    }
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = map.dataset.leafletCss;
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = map.dataset.leafletJs;
    script.onload = done;
    document.head.appendChild(script);
  }

  function draw(map, points) {
    map.hidden = false;
    var leaflet = L.map(map, { scrollWheelZoom: false });
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 18,
      attribution:
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    }).addTo(leaflet);
    // Leaflet guesses where its marker images are from its CSS file's name: with the hashed
    // static names (leaflet.f18ae622e307.css) the guess failed and every marker was a broken
    // image (/trouver/marker-icon.png, 404). The page gives the images' own addresses.
    // Leaflet's own blue marker, with its sizes (L.Icon.Default would still add its guess).
    var icon = L.icon({
      iconUrl: map.dataset.markerIcon,
      iconRetinaUrl: map.dataset.markerIcon2x,
      shadowUrl: map.dataset.markerShadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      tooltipAnchor: [16, -28],
      shadowSize: [41, 41],
    });
    var bounds = [];
    points.forEach(function (point) {
      var marker = L.marker([point.lat, point.lon], {
        icon: icon,
        title: point.name,
        alt: point.name,
      });
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

  function init() {
    var map = document.getElementById("directory-map");
    var source = map && document.getElementById(map.dataset.pointsId);
    if (!source) {
      return;
    }
    var points = JSON.parse(source.textContent);
    if (!points.length) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-primary mb-3";
    button.textContent = map.dataset.showLabel;
    button.setAttribute("aria-controls", map.id);
    button.addEventListener("click", function () {
      button.disabled = true;
      load(map, function () {
        draw(map, points);
        button.remove();
        map.focus();
      });
    });
    map.parentNode.insertBefore(button, map);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
