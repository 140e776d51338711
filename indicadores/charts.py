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
    result = {
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
    result["svg"] = svg(result)
    return result


# --- Markup ---------------------------------------------------------------------------------------
# The SVG is written here rather than in a template: a chart has hundreds of elements and the
# template engine would spend most of a page's time on them. Every text is escaped.


def _marker(kind, colour, x, y):
    if kind == "circle":
        return f'<circle cx="{x}" cy="{y}" r="4" fill="{colour}"/>'
    if kind == "square":
        return f'<rect x="{x - 4}" y="{y - 4}" width="8" height="8" fill="{colour}"/>'
    if kind == "diamond":
        return f'<rect x="{x - 4}" y="{y - 4}" width="8" height="8" fill="{colour}" transform="rotate(45 {x} {y})"/>'
    return f'<circle cx="{x}" cy="{y}" r="4" fill="#ffffff" stroke="{colour}" stroke-width="2"/>'


def svg(chart):
    """The chart's accessible SVG (role img, title and description), as safe markup."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    cid = escape(chart["id"])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title-{cid} chart-desc-{cid}" '
        f'viewBox="0 0 {chart["width"]} {chart["height"]}" width="100%" preserveAspectRatio="xMinYMin meet" focusable="false">',
        f'<title id="chart-title-{cid}">{escape(chart["title"])}</title>',
        f'<desc id="chart-desc-{cid}">{escape(chart["description"])}</desc>',
    ]
    left, right, top, bottom = chart["plot_left"], chart["plot_right"], chart["plot_top"], chart["plot_bottom"]
    for tick in chart["y_ticks"]:
        parts.append(
            f'<line x1="{left}" x2="{right}" y1="{tick["y"]}" y2="{tick["y"]}" stroke="#d5d9de" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{tick["y"]}" font-size="12" fill="#1b1f24" text-anchor="end" dominant-baseline="middle">{escape(tick["text"])}</text>'
        )
    parts.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{bottom}" stroke="#1b1f24" stroke-width="1"/>')
    parts.append(f'<line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="#1b1f24" stroke-width="1"/>')
    for label in chart["x_labels"]:
        parts.append(
            f'<text x="{label["x"]}" y="{chart["axis_label_y"]}" font-size="12" fill="#1b1f24" text-anchor="middle">{escape(label["text"])}</text>'
        )
    bar = chart["kind"] == "bar"
    for number, series in enumerate(chart["series"]):
        colour = series["colour"]
        hollow = f' fill-opacity="0.55" stroke="{colour}" stroke-width="1.5"' if number % 2 else ""
        dash = f' stroke-dasharray="{series["dash"]}"' if series["dash"] else ""
        parts.append("<g>")
        if bar:
            parts.extend(
                f'<rect x="{b["x"]}" y="{b["y"]}" width="{chart["bar_width"]}" height="{b["height"]}" fill="{colour}"{hollow}/>'
                for b in series["bars"]
            )
            key = f'<rect x="0" y="2" width="22" height="12" fill="{colour}"{hollow}/>'
        else:
            parts.append(f'<polyline points="{series["points"]}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>')
            parts.extend(_marker(series["marker"], colour, m["x"], m["y"]) for m in series["markers"])
            key = f'<line x1="0" x2="22" y1="8" y2="8" stroke="{colour}" stroke-width="2.5"{dash}/>' + _marker(series["marker"], colour, 11, 8)
        parts.append(
            f'<g transform="translate({series["legend_x"]} {series["legend_y"]})">{key}'
            f'<text x="28" y="13" font-size="13" fill="#1b1f24">{escape(series["label"])}</text></g></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text above is escaped)
