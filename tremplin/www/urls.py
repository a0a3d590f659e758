from django.urls import include, path

from tremplin.www.spaces import my_space

urlpatterns = [
    path("espace/", my_space, name="my_space"),
    path("centre/", include("tremplin.www.centre.urls")),
    path("prescripteur/", include("tremplin.www.prescriber.urls")),
    path("federation/", include("tremplin.www.federation.urls")),
    path("", include("tremplin.www.public.urls")),
]
