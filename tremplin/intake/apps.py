from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "tremplin.intake"
    label = "intake"

    def ready(self):
        from tremplin.directory.signals import session_cancelled
        from tremplin.intake.receivers import tell_booked_people_session_cancelled

        session_cancelled.connect(
            tell_booked_people_session_cancelled, dispatch_uid="intake.booking.session_cancelled"
        )
