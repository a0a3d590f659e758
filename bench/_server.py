"""WSGI application of the benchmarks: the project itself, plus one trivial JSON view.

``gunicorn bench._server`` serves every URL of ``config.urls`` and ``/bench/trivial``, a view
that returns a constant JSON object without touching the database or the cache. It goes
through the same settings and middleware stack as the API, so "throughput of a trivial JSON
view" measures the server, the middleware and the network, nothing else.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

from django.conf import settings  # noqa: E402
from django.contrib.auth.decorators import login_not_required  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import include, path  # noqa: E402

from bench.directory_search import TRIVIAL_PATH  # noqa: E402


@login_not_required
def trivial(request):
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path(TRIVIAL_PATH.lstrip("/"), trivial),
    path("", include("config.urls")),
]
settings.ROOT_URLCONF = __name__
