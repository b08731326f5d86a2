"""Side effects that must only happen once the database transaction has committed."""

from __future__ import annotations

from typing import Any, Protocol

from django.db import transaction


class _Task(Protocol):
    def __call__(self, *args: Any, **kwargs: Any) -> Any: ...


def enqueue_on_commit(task: _Task, *args: Any, **kwargs: Any) -> None:
    """Schedule a Huey task after commit. Pass ids, never model instances."""
    transaction.on_commit(lambda: task(*args, **kwargs), robust=True)
