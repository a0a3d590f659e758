from django.urls import path

from tremplin.www.public import (
    booking,
    directory,
    eligibility,
    followup,
    key_figures,
    library,
    my_candidacy,
    staff_training,
    views,
)

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("a-propos-des-donnees/", views.about_data, name="about_data"),
    path("trouver/", directory.directory_search, name="directory_search"),
    path("centres/<uuid:pk>/", directory.centre_detail, name="centre_detail"),
    path(
        "sessions/<uuid:session_id>/inscription/",
        booking.session_booking,
        name="session_booking",
    ),
    path(
        "sessions/<uuid:session_id>/inscription/confirmation/",
        booking.session_booking_done,
        name="session_booking_done",
    ),
    path("sessions/annuler/<str:token>/", booking.booking_cancel, name="booking_cancel"),
    path("suis-je-eligible/", eligibility.simulator, name="eligibility"),
    path("comment-nous-calculons/", eligibility.how_we_calculate, name="how_we_calculate"),
    path("ma-candidature/<str:token>/", my_candidacy.my_candidacy, name="my_candidacy"),
    path(
        "ma-candidature/<str:token>/retrait/",
        my_candidacy.my_candidacy_withdraw,
        name="my_candidacy_withdraw",
    ),
    path(
        "messages/desinscription/<str:token>/", my_candidacy.message_opt_out, name="message_opt_out"
    ),
    path("orientation/<str:token>/", my_candidacy.referral_answer, name="referral_answer"),
    path("suivi/<str:token>/", followup.followup_answer, name="followup_answer"),
    path("enquete/<str:token>/", followup.survey, name="survey"),
    path("formation-continue/", staff_training.catalogue, name="staff_catalogue"),
    path(
        "formation-continue/modules/<uuid:module_id>/",
        staff_training.module_detail,
        name="staff_module",
    ),
    path(
        "formation-continue/sessions/<uuid:session_id>.ics",
        staff_training.session_ics,
        name="staff_session_ics",
    ),
    path("formation-continue/enquete/<str:token>/", staff_training.survey, name="staff_survey"),
    path("documents/", library.library, name="library"),
    path("documents/<uuid:document_id>/", library.document, name="library_document"),
    path("documents/<uuid:document_id>/v<int:number>/", library.document, name="library_version"),
    path("chiffres-cles/", key_figures.key_figures, name="key_figures"),
    path("chiffres-cles/<int:year>.<str:fmt>", key_figures.download, name="key_figures_download"),
]
