from django.apps import AppConfig


class StaffTrainingConfig(AppConfig):
    name = "tremplin.staff_training"
    label = "staff_training"
    verbose_name = "Formation continue du personnel"

    def ready(self):
        # Registers the staff-training messages in the message registry.
        from tremplin.staff_training import messages  # noqa: F401
