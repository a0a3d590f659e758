from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from tremplin.www.health import healthz

admin.site.site_header = "Tremplin — administration de la plateforme"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("comptes/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("tremplin.api.urls")),
    path("healthz", healthz, name="healthz"),
    path("", include("tremplin.www.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
