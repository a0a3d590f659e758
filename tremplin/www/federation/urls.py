from django.urls import path

from tremplin.www.federation import directory, views
from tremplin.www.federation import stats as federation_stats

app_name = "federation"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("statistiques/", federation_stats.dashboard, name="stats"),
    path(
        "statistiques/<int:year>/rapport.<str:fmt>",
        federation_stats.download,
        name="stats_download",
    ),
    path(
        "statistiques/<int:year>/preparer/<str:fmt>/",
        federation_stats.prepare,
        name="stats_prepare",
    ),
    path("annuaire/", directory.entries, name="directory_entries"),
    path("annuaire/<uuid:centre_id>/", directory.review, name="directory_review"),
    path("annuaire/<uuid:centre_id>/decision/", directory.decide, name="directory_decide"),
]
