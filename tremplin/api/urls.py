from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from tremplin.api.docs import ApiDocsView

urlpatterns = [
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="api-schema"),
    path(
        "docs/",
        login_not_required(ApiDocsView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("", include("tremplin.api.directory")),
    path("", include("tremplin.api.eligibility")),
    path("", include("tremplin.api.territory")),
    path("", include("tremplin.api.stats")),
    path("", include("tremplin.api.open_data")),
    path("", include("tremplin.api.centre")),
]
