from django.urls import path

from tremplin.www.centre import bookings, views

app_name = "centre"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
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
]
