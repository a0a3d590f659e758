from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "tremplin.directory"
    label = "directory"
