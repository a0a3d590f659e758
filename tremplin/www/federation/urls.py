from django.urls import path

from tremplin.www.federation import views

app_name = "federation"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
