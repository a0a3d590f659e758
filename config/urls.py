from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from tremplin.www.health import healthz

admin.site.site_header = "Tremplin — administration de la plateforme"
# The admin's own password form would skip the second factor: send it to the allauth login.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("comptes/", include("allauth.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("api/v1/", include("tremplin.api.urls")),
    path("healthz", healthz, name="healthz"),
    path("", include("tremplin.www.urls")),
]

# JSON errors under /api/, the French pages elsewhere (tremplin/api/errors.py). A lost
# database answers 503 (French page, JSON under /api/), anything else the 500 page (JSON
# under /api/ too).
handler400 = "tremplin.api.errors.handler400"
handler403 = "tremplin.api.errors.handler403"
handler404 = "tremplin.api.errors.handler404"
handler500 = "tremplin.www.unavailable.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
