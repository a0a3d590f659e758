from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "tremplin.territory"
    label = "territory"
