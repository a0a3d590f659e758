from django.urls import path

from tremplin.www.public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("a-propos-des-donnees/", views.about_data, name="about_data"),
]
