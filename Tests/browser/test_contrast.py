"""WCAG AA contrast of every text/background pair the stylesheet uses (no server needed)."""
import pathlib
import re

import pytest

CSS = pathlib.Path(__file__).resolve().parents[2] / "Sources/IeumApp/Resources/Public/ieum.css"

# (foreground, background, minimum ratio): 4.5 for text, 3.0 for borders and focus rings.
PAIRS = [
    ("text", "surface", 4.5), ("text", "bg", 4.5), ("text", "badge-bg", 4.5),
    ("text", "info-bg", 4.5), ("text", "danger-bg", 4.5),
    ("muted", "surface", 4.5), ("muted", "bg", 4.5), ("muted", "badge-bg", 4.5),
    ("link", "surface", 4.5), ("link", "bg", 4.5), ("link", "info-bg", 4.5),
    ("on-primary", "primary", 4.5), ("on-primary", "primary-dark", 4.5),
    ("primary", "surface", 4.5), ("primary", "info-bg", 4.5), ("primary-dark", "info-bg", 4.5),
    ("danger", "surface", 4.5), ("danger", "danger-bg", 4.5), ("danger", "bg", 4.5),
    ("ok", "ok-bg", 4.5), ("warn", "warn-bg", 4.5),
    ("line-strong", "surface", 3.0), ("focus", "surface", 3.0), ("focus", "bg", 3.0),
]


def variables():
    root = re.search(r":root\s*{(.*?)}", CSS.read_text(encoding="utf-8"), re.S).group(1)
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", root))


def luminance(hex_colour):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ratio(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("fg,bg,minimum", PAIRS, ids=[f"{f}-on-{b}" for f, b, _ in PAIRS])
def test_colour_pair_meets_wcag_aa(fg, bg, minimum):
    colours = variables()
    assert ratio(colours[fg], colours[bg]) >= minimum, (fg, colours[fg], bg, colours[bg], round(ratio(colours[fg], colours[bg]), 2))
