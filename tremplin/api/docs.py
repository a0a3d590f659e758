"""Browsable API docs (Swagger UI) that work under our CSP: no CDN, no inline script or style.

Swagger UI's files come from drf-spectacular-sidecar (our static files); the init script is
served by a second request (``?script``) as drf-spectacular's "split" view does.
"""

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    title = "Tremplin API"
