"""Receivers of other apps' signals."""

from tremplin.intake.booking import notify_session_cancelled


def tell_booked_people_session_cancelled(sender, session, **kwargs):
    """A centre cancelled a session: e-mail everyone booked on it (seat or waiting list)."""
    notify_session_cancelled(session)
