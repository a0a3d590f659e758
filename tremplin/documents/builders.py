"""What can be prepared in the background: a kind → the function that builds it.

A builder is called as ``build(params, progress)`` and returns ``(content: bytes,
content_type, filename)``; it calls ``progress(percent, step)`` between its steps. The kinds
are listed here (dotted paths, imported when used) so that a document row can only name code
that was meant to run in the background.
"""

BUILDERS = {
    "centre_report": "tremplin.stats.background.build_report",
    "sector_report": "tremplin.stats.background.build_report",
    "subject_access": "tremplin.audit.access_requests.build_answer",
}
