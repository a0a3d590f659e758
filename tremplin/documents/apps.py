from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "tremplin.documents"
    label = "documents"
    verbose_name = "Documents préparés"
