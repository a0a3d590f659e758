from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "tremplin.training"
    label = "training"
