"""Retention of personal data: the schedule (dated parameters), erasure and pseudonymisation,
and the nightly ``apply_retention`` (decision 0804)."""
