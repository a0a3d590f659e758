"""Background tasks queued with the transaction that asks for them.

``enqueue_with_transaction(task, *args)``: the task runs only if the current transaction
commits, and nothing touches the database once it has committed (a database lost at that
moment cannot turn a stored change into an error page, or leave it without its task).

The database backend (production, ``django_tasks_db``) writes the task row inside the
transaction: it commits or rolls back with the change, and the worker sees it only once
committed. Any other backend (the immediate one, in development and tests, runs the task at
once) is called when the transaction commits. Decision 0009.
"""

from functools import partial

from django.db import transaction
from django_tasks_db import DatabaseBackend


def enqueue_with_transaction(task, *args) -> None:
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args)
    else:
        transaction.on_commit(partial(task.enqueue, *args))
