from django.urls import path

from tremplin.www.centre import views

app_name = "centre"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
