from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from tremplin.api.docs import api_docs

urlpatterns = [
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="api-schema"),
    path("docs/", api_docs, name="api-docs"),
    path("", include("tremplin.api.directory")),
    path("", include("tremplin.api.eligibility")),
    path("", include("tremplin.api.territory")),
    path("", include("tremplin.api.stats")),
    path("", include("tremplin.api.open_data")),
    path("", include("tremplin.api.centre")),
]
