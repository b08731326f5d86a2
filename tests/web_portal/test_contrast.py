"""Every status badge (portal and console share one stylesheet) reads at a contrast of at
least 4.5:1 (WCAG AA for normal text), computed from the colours in app.css."""

from __future__ import annotations

import re
from pathlib import Path

import walletdesk.web

CSS = re.sub(
    r"/\*.*?\*/",
    "",
    (Path(walletdesk.web.__file__).parent / "static/web/app.css").read_text(),
    flags=re.S,
)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")


def _variables() -> dict[str, str]:
    root = next(body for selector, body in _RULE.findall(CSS) if selector.strip() == ":root")
    return dict(re.findall(r"--([\w-]+):\s*([^;]+);", root))


def _colour(value: str, variables: dict[str, str]) -> tuple[float, float, float]:
    value = value.strip()
    while value.startswith("var("):
        value = variables[value[len("var(--") : -1].strip()].strip()
    hex_digits = value.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(d * 2 for d in hex_digits)
    assert re.fullmatch(r"[0-9a-fA-F]{6}", hex_digits), value
    return tuple(int(hex_digits[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _badges() -> dict[str, tuple[str, str]]:
    """Each badge class with its background and text colour (the plain badge's when unset)."""
    rules: dict[str, dict[str, str]] = {}
    for selectors, body in _RULE.findall(CSS):
        props = dict(re.findall(r"(background|color):\s*([^;]+);", body))
        for selector in selectors.split(","):
            name = selector.strip()
            if re.fullmatch(r"\.badge(-[\w]+)?", name):
                rules.setdefault(name, {}).update(props)
    base = rules.pop(".badge")
    return {
        name: (props.get("background", base["background"]), props.get("color", base["color"]))
        for name, props in {".badge": {}, **rules}.items()
    }


def test_the_contrast_formula_matches_known_pairs() -> None:
    black, white = (0.0, 0.0, 0.0), (1.0, 1.0, 1.0)
    assert round(contrast(black, white), 1) == 21.0
    assert round(contrast(_colour("#767676", {}), white), 2) == 4.54  # the lightest AA grey


def test_every_status_badge_reads_at_4_5_to_1() -> None:
    variables = _variables()
    badges = _badges()
    # The badges the templates use for ticket, transaction, card and account states.
    for needed in (
        ".badge-new",
        ".badge-open",
        ".badge-pending_customer",
        ".badge-solved",
        ".badge-closed",
        ".badge-failed",
        ".badge-reversed",
        ".badge-frozen",
        ".badge-critical",
        ".badge-urgent",
        ".badge-pending",
        ".badge-succeeded",
    ):
        assert needed in badges, needed
    for name, (background, colour) in badges.items():
        ratio = contrast(_colour(background, variables), _colour(colour, variables))
        assert ratio >= 4.5, f"{name}: {colour} on {background} is {ratio:.2f}:1"
