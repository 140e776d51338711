"""The geometry of the indicators' SVG charts (lines or grouped bars over periods). Pure Python.

`chart()` returns what `indicadores/_chart.html` draws: axes, ticks, one series per territory
with its colour, dash pattern and marker shape (so series are told apart without colour), and a
legend. The page always puts the same numbers in a table after the chart.
"""

from __future__ import annotations

import math
from decimal import Decimal

WIDTH = 640
HEIGHT = 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40
LEGEND_LINE = 22
COLOURS = ("#0b5d3b", "#1f4e99", "#a23b00", "#6a2c91", "#4d5660", "#7a5c00", "#006d77", "#9b1d5a")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 2 1 2", "12 3")
MARKERS = ("circle", "square", "diamond", "triangle")
MAX_SERIES = len(COLOURS)


def _nice_step(span, ticks=5):
    raw = span / ticks if span > 0 else 1
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def scale(values):
    """(low, high, ticks) of a y axis that starts at zero unless values are negative."""
    numbers = [float(v) for v in values] or [0.0]
    low, high = min(0.0, min(numbers)), max(0.0, max(numbers))
    if high == low:
        high = low + 1
    step = _nice_step(high - low)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step
    count = int(round((high - low) / step))
    return low, high, [low + step * i for i in range(count + 1)]


def _label(number, fmt):
    return fmt(Decimal(str(round(number, 6))))


def chart(*, chart_id, title, description, kind, periods, series, fmt=str):
    """`series`: [(label, {period: Decimal})], at most MAX_SERIES (more are left out: the table has them).
    `fmt(Decimal) → str` formats the ticks."""
    series = series[:MAX_SERIES]
    periods = list(periods)
    values = [value for _label_, points in series for value in points.values()]
    low, high, ticks = scale(values)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    legend_rows = math.ceil(len(series) / 2)
    height = HEIGHT + legend_rows * LEGEND_LINE + 8

    def y_of(number):
        return round(TOP + plot_h - (float(number) - low) / (high - low) * plot_h, 1)

    slot = plot_w / max(len(periods), 1)

    def x_of(index):
        return round(LEFT + slot * index + slot / 2, 1)

    label_every = max(1, math.ceil(len(periods) / 10))
    x_labels = [
        {"x": x_of(i), "text": period} for i, period in enumerate(periods) if i % label_every == 0 or i == len(periods) - 1
    ]
    y_ticks = [{"y": y_of(t), "text": _label(t, fmt)} for t in ticks]
    drawn = []
    bar_group = slot * 0.8
    bar_w = round(bar_group / max(len(series), 1), 1)
    for number, (label, points) in enumerate(series):
        style = {
            "label": label,
            "colour": COLOURS[number % len(COLOURS)],
            "dash": DASHES[number % len(DASHES)],
            "marker": MARKERS[number % len(MARKERS)],
        }
        coords = [(x_of(i), y_of(points[p]), p, points[p]) for i, p in enumerate(periods) if p in points]
        style["points"] = " ".join(f"{x},{y}" for x, y, _p, _v in coords)
        style["markers"] = [{"x": x, "y": y} for x, y, _p, _v in coords]
        zero = y_of(0 if low <= 0 <= high else low)
        style["bars"] = [
            {
                "x": round(LEFT + slot * periods.index(p) + (slot - bar_group) / 2 + bar_w * number, 1),
                "y": min(y, zero),
                "height": max(round(abs(zero - y), 1), 0.5),
            }
            for _x, y, p, _v in coords
        ]
        legend_y = HEIGHT + 8 + (number // 2) * LEGEND_LINE
        style["legend_x"] = LEFT + (number % 2) * (plot_w // 2)
        style["legend_y"] = legend_y
        drawn.append(style)
    return {
        "id": chart_id,
        "title": title,
        "description": description,
        "kind": "bar" if kind == "bar" else "line",
        "width": WIDTH,
        "height": height,
        "plot_left": LEFT,
        "plot_right": WIDTH - RIGHT,
        "plot_top": TOP,
        "plot_bottom": TOP + plot_h,
        "axis_label_y": TOP + plot_h + 24,
        "x_labels": x_labels,
        "y_ticks": y_ticks,
        "series": drawn,
        "bar_width": max(bar_w - 1, 1),
    }
