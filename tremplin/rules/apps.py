from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "tremplin.rules"
    label = "rules"
