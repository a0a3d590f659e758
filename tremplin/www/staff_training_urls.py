from django.urls import path

from tremplin.www import staff_training

app_name = "staff_training"

urlpatterns = [
    path("animer/", staff_training.my_sessions, name="my_sessions"),
    path(
        "animer/sessions/<uuid:session_id>/presences/",
        staff_training.attendance,
        name="attendance",
    ),
    path(
        "attestations/<uuid:registration_id>.pdf",
        staff_training.attestation,
        name="attestation",
    ),
]
