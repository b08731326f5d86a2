"""Telling the two languages apart in assertions."""

from __future__ import annotations

import re

_HAN = re.compile(r"[\u4e00-\u9fff]")


def is_chinese(text: str) -> bool:
    return bool(_HAN.search(text))
