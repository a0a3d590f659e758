from django.urls import include, path

from tremplin.www import documents
from tremplin.www.spaces import my_space

urlpatterns = [
    path("espace/", my_space, name="my_space"),
    path("mes-documents/", documents.document_list, name="my_documents"),
    path("mes-documents/<uuid:pk>/", documents.document_status, name="document_status"),
    path("mes-documents/<uuid:pk>/fichier/", documents.document_file, name="document_file"),
    path("centre/", include("tremplin.www.centre.urls")),
    path("prescripteur/", include("tremplin.www.prescriber.urls")),
    path("federation/", include("tremplin.www.federation.urls")),
    path("formation-continue/", include("tremplin.www.staff_training_urls")),
    path("", include("tremplin.www.public.urls")),
]
