#!/usr/bin/env bash
# Copy the front-end assets installed by npm into the static files (never from a CDN).
set -euo pipefail
dest=tremplin/www/static/vendor
rm -rf "$dest"
mkdir -p "$dest/bootstrap" "$dest/htmx" "$dest/leaflet" "$dest/axe"
# Only the Bootstrap rules our pages use: PurgeCSS (npm) keeps the selectors whose class names
# appear in the templates, the Python code (form widgets' classes) or our scripts (232 KB ->
# about 30 KB). State classes set by scripts are kept by the safelist.
node_modules/.bin/purgecss \
  --css node_modules/bootstrap/dist/css/bootstrap.min.css \
  --content 'tremplin/**/*.html' 'tremplin/**/*.py' 'tremplin/www/static/js/*.js' \
  --safelist show fade collapsing active disabled is-invalid is-valid \
  --output "$dest/bootstrap/bootstrap.min.css"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx/"
cp -r node_modules/leaflet/dist/. "$dest/leaflet/"
cp node_modules/axe-core/axe.min.js "$dest/axe/"
