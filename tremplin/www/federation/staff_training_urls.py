from django.urls import path

from tremplin.www.federation import staff_training

app_name = "staff_training"

urlpatterns = [
    path("", staff_training.catalogue, name="catalogue"),
    path("modules/nouveau/", staff_training.module_edit, name="module_new"),
    path("modules/<uuid:module_id>/", staff_training.module_edit, name="module_edit"),
    path(
        "modules/<uuid:module_id>/sessions/nouvelle/",
        staff_training.session_edit,
        name="session_new",
    ),
    path(
        "modules/<uuid:module_id>/sessions/<uuid:session_id>/",
        staff_training.session_edit,
        name="session_edit",
    ),
    path(
        "sessions/<uuid:session_id>/",
        staff_training.session_registrations,
        name="session",
    ),
    path("sessions/<uuid:session_id>/annuler/", staff_training.session_cancel, name="cancel"),
    path("chiffres/", staff_training.sector_figures, name="figures"),
    path("inscriptions-<int:year>.xlsx", staff_training.export, name="export"),
]
