"""Colour contrast of the site's palette meets WCAG 2.1 AA (4.5:1 for text)."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "portal/static/portal/site.css").read_text()
VARIABLES = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS))


def luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def colour(name):
    return VARIABLES[name] if not name.startswith("#") else name


# (text, background) pairs as they are used in site.css.
PAIRS = [
    ("ink", "paper"), ("muted", "paper"), ("muted", "soft"), ("brand", "paper"), ("brand", "soft"),
    ("brand-dark", "soft"), ("accent", "soft"), ("ok", "paper"), ("#ffffff", "brand"),
    ("#ffffff", "brand-dark"), ("#ffffff", "accent"), ("#ffffff", "ok"), ("brand-dark", "#ffffff"),
    ("#f1f3f5", "ink"), ("#9fd3ea", "ink"), ("ink", "#fbe9ec"), ("ink", "#fff4e0"), ("ink", "#e6f0f5"),
]


@pytest.mark.parametrize("text, background", PAIRS)
def test_text_contrast_is_at_least_aa(text, background):
    assert contrast(colour(text), colour(background)) >= 4.5


def test_focus_is_always_visible():
    assert ":focus-visible" in CSS and "outline: 3px solid" in CSS
    assert contrast(VARIABLES["focus"], VARIABLES["ink"]) >= 3  # non-text contrast
