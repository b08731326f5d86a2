"""Configuration stays documented: every environment variable the code reads is in .env.example."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_READ = re.compile(r"""env_(?:str|bool|int|list)\(\s*["']([A-Z0-9_]+)["']""")


def _documented() -> set[str]:
    names = set()
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Z0-9_]+)=", line)
        if match:
            names.add(match.group(1))
    return names


def test_every_setting_read_from_the_environment_is_documented():
    read = set()
    for path in (ROOT / "walletdesk").rglob("*.py"):
        read |= set(_READ.findall(path.read_text(encoding="utf-8")))
    assert read, "the settings readers were not found; the pattern is stale"
    assert read - _documented() == set()


def test_env_helpers_reject_nonsense(monkeypatch):
    import pytest

    from walletdesk.config.env import ConfigError, env_bool, env_int, env_list

    monkeypatch.setenv("WD_T", "maybe")
    with pytest.raises(ConfigError):
        env_bool("WD_T")
    with pytest.raises(ConfigError):
        env_int("WD_T", 1)
    monkeypatch.setenv("WD_T", " a, b ,,c ")
    assert env_list("WD_T", []) == ["a", "b", "c"]
    monkeypatch.setenv("WD_T", "off")
    assert env_bool("WD_T", True) is False
