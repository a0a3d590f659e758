from django.urls import include, path

from tremplin.www.federation import contract_template, directory, directory_import, views
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
    path("formation-continue/", include("tremplin.www.federation.staff_training_urls")),
    path("documents/", include("tremplin.www.federation.library_urls")),
    path("modele-contrat/", contract_template.contract_template, name="contract_template"),
    path("annuaire/", directory.entries, name="directory_entries"),
    path("annuaire/import/", directory_import.upload, name="directory_import"),
    path(
        "annuaire/import/modele.xlsx", directory_import.template, name="directory_import_template"
    ),
    path("annuaire/import/annuaire.xlsx", directory_import.export, name="directory_export"),
    path(
        "annuaire/import/<uuid:import_id>/",
        directory_import.preview,
        name="directory_import_preview",
    ),
    path(
        "annuaire/import/<uuid:import_id>/appliquer/",
        directory_import.apply,
        name="directory_import_apply",
    ),
    path("annuaire/<uuid:centre_id>/", directory.review, name="directory_review"),
    path("annuaire/<uuid:centre_id>/decision/", directory.decide, name="directory_decide"),
]
