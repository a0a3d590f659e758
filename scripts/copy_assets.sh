#!/usr/bin/env bash
# Copy the front-end assets installed by npm into the static files (never from a CDN).
set -euo pipefail
dest=tremplin/www/static/vendor
rm -rf "$dest"
mkdir -p "$dest/bootstrap" "$dest/htmx" "$dest/leaflet" "$dest/axe"
cp node_modules/bootstrap/dist/css/bootstrap.min.css "$dest/bootstrap/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js "$dest/bootstrap/"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx/"
cp -r node_modules/leaflet/dist/. "$dest/leaflet/"
cp node_modules/axe-core/axe.min.js "$dest/axe/"
