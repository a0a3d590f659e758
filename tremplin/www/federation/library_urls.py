from django.urls import path

from tremplin.www.federation import library

app_name = "library"

urlpatterns = [
    path("", library.library, name="list"),
    path("nouveau/", library.document_edit, name="new"),
    path("<uuid:document_id>/", library.document_edit, name="edit"),
]
