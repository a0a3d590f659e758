from django.urls import path

from tremplin.www.centre import library

app_name = "library"

urlpatterns = [
    path("", library.library, name="list"),
    path("<uuid:document_id>/", library.document, name="document"),
    path("<uuid:document_id>/v<int:number>/", library.document, name="version"),
    path("<uuid:document_id>/suivre/", library.follow, name="follow"),
]
