from django.urls import path

from tremplin.www.public import booking, directory, eligibility, followup, views

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
    path("suivi/<str:token>/", followup.followup_answer, name="followup_answer"),
    path("enquete/<str:token>/", followup.survey, name="survey"),
]
