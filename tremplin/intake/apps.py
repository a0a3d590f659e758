from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "tremplin.intake"
    label = "intake"
