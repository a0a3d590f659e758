from django.urls import path

from tremplin.www.federation import directory, views

app_name = "federation"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("annuaire/", directory.entries, name="directory_entries"),
    path("annuaire/<uuid:centre_id>/", directory.review, name="directory_review"),
    path("annuaire/<uuid:centre_id>/decision/", directory.decide, name="directory_decide"),
]
