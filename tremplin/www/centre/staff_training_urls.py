from django.urls import path

from tremplin.www.centre import staff_training

app_name = "staff_training"

urlpatterns = [
    path("", staff_training.mine, name="mine"),
    path("sessions/<uuid:session_id>/demande/", staff_training.ask, name="ask"),
    path("inscriptions/<uuid:registration_id>/annuler/", staff_training.cancel, name="cancel"),
    path("demandes/", staff_training.approvals, name="approvals"),
    path("demandes/<uuid:registration_id>/", staff_training.decide, name="decide"),
    path("chiffres/", staff_training.figures_page, name="figures"),
]
