"""Signals of the directory that other parts of the product listen to.

``session_cancelled`` is sent (after the transaction commits) when a centre cancels an
information session; the booking part connects to it to tell the people booked.
Arguments: ``sender=InfoSession``, ``session`` (the cancelled session).
"""

from django.dispatch import Signal

session_cancelled = Signal()
