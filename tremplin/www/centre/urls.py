from django.urls import include, path

from tremplin.www.centre import (
    api_tokens,
    bookings,
    data_import,
    directory,
    search,
    settings,
    views,
)
from tremplin.www.centre import stats as centre_stats

app_name = "centre"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("recherche/", search.search, name="search"),
    path("choix/", settings.centre_choices, name="settings"),
    path("statistiques/", centre_stats.dashboard, name="stats"),
    path("jetons-api/", api_tokens.tokens, name="api_tokens"),
    path("jetons-api/<uuid:token_id>/revoquer/", api_tokens.revoke, name="api_token_revoke"),
    path("import/", data_import.start, name="data_import"),
    path("import/modele.xlsx", data_import.template, name="data_import_template"),
    path("import/<uuid:import_id>/", data_import.preview, name="data_import_preview"),
    path("import/<uuid:import_id>/colonnes/", data_import.columns, name="data_import_columns"),
    path(
        "import/<uuid:import_id>/rapprochements/",
        data_import.matches,
        name="data_import_matches",
    ),
    path("import/<uuid:import_id>/appliquer/", data_import.apply, name="data_import_apply"),
    path("import/<uuid:import_id>/annuler/", data_import.undo, name="data_import_undo"),
    path("import/<uuid:import_id>/abandonner/", data_import.discard, name="data_import_discard"),
    path("statistiques/<int:year>/rapport.<str:fmt>", centre_stats.download, name="stats_download"),
    path(
        "statistiques/<int:year>/preparer/<str:fmt>/",
        centre_stats.prepare,
        name="stats_prepare",
    ),
    path("sessions/", bookings.session_list, name="booking_sessions"),
    path(
        "sessions/<uuid:session_id>/inscriptions/",
        bookings.session_bookings,
        name="session_bookings",
    ),
    path(
        "sessions/<uuid:session_id>/inscriptions/export.xlsx",
        bookings.session_bookings_export,
        name="session_bookings_export",
    ),
    path("annuaire/", directory.entry_list, name="directory_entries"),
    path("annuaire/<uuid:centre_id>/", directory.overview, name="directory_overview"),
    path("annuaire/<uuid:centre_id>/fiche/", directory.entry_edit, name="directory_entry_edit"),
    path(
        "annuaire/<uuid:centre_id>/a-jour/", directory.confirm_up_to_date, name="directory_confirm"
    ),
    path("annuaire/<uuid:centre_id>/envoyer/", directory.submit, name="directory_submit"),
    path(
        "annuaire/<uuid:centre_id>/sites/nouveau/", directory.site_edit, name="directory_site_new"
    ),
    path(
        "annuaire/<uuid:centre_id>/sites/<uuid:site_id>/",
        directory.site_edit,
        name="directory_site_edit",
    ),
    path(
        "annuaire/<uuid:centre_id>/formations/nouvelle/",
        directory.training_edit,
        name="directory_training_new",
    ),
    path(
        "annuaire/<uuid:centre_id>/formations/<uuid:training_id>/",
        directory.training_edit,
        name="directory_training_edit",
    ),
    path(
        "annuaire/<uuid:centre_id>/seances/nouvelle/",
        directory.session_edit,
        name="directory_session_new",
    ),
    path(
        "annuaire/<uuid:centre_id>/seances/<uuid:session_id>/",
        directory.session_edit,
        name="directory_session_edit",
    ),
    path(
        "annuaire/<uuid:centre_id>/seances/<uuid:session_id>/annuler/",
        directory.session_cancel,
        name="directory_session_cancel",
    ),
    path("formation-continue/", include("tremplin.www.centre.staff_training_urls")),
    path("documents/", include("tremplin.www.centre.library_urls")),
    path("donnees-personnelles/", include("tremplin.www.centre.privacy_urls")),
    path("", include("tremplin.www.centre.candidacies.urls")),
    path("", include("tremplin.www.centre.training.urls")),
]
