"""A task queue like the configured one, but private to one test."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from huey.utils import load_class


def private_queue(tmp_path: Path) -> Any:
    """A Huey of the class and connection settings.HUEY names (SqliteHuey, or RedisHuey when
    REDIS_URL is set), on a queue of its own, never in immediate mode. Flush it when done."""
    config = settings.HUEY
    huey_class = load_class(config["huey_class"])
    name = f"wd-test-{uuid.uuid4().hex[:12]}"
    if "filename" in config:
        return huey_class(name, filename=str(tmp_path / "tasks.sqlite3"), immediate=False)
    return huey_class(name, immediate=False, **config["connection"])
