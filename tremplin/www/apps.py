from django.apps import AppConfig


class WwwConfig(AppConfig):
    name = "tremplin.www"
    label = "www"
