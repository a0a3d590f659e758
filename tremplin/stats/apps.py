from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "tremplin.stats"
    label = "stats"
