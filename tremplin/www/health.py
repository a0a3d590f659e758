from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from tremplin.www.decorators import public_view


@public_view("GET")
@never_cache
def healthz(request):
    """Liveness and database check for the load balancer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 — any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
