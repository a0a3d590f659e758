from django.urls import path

from tremplin.www.prescriber import views

app_name = "prescriber"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
