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

        from django.db.models.signals import post_save

        from tremplin.intake.booking_candidacy import on_booking_saved
        from tremplin.intake.models import SessionBooking

        post_save.connect(
            on_booking_saved, sender=SessionBooking, dispatch_uid="intake.booking.candidacy"
        )
