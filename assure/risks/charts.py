"""Server-drawn SVG for risk pages: the score history line, with events marked. Framework-free.

Each chart is shown beside a table of the same numbers, so nothing depends on seeing it.
"""

from __future__ import annotations

import datetime as dt
from html import escape

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 40


def score_history_svg(points: list[tuple[dt.date, int]], events: list[tuple[dt.date, str]], *, max_score: int) -> str:
    """A step line of score over time; each event a dashed vertical line with a numbered marker."""
    if not points:
        return ""
    start = points[0][0]
    end = max(dt.date.today(), points[-1][0])
    span = max((end - start).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: dt.date) -> float:
        return LEFT + plot_w * (day - start).days / span

    def y(score: int) -> float:
        return TOP + plot_h * (1 - score / max_score)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        'aria-labelledby="score-chart-title" class="app-risk-chart" width="100%">',
        '<title id="score-chart-title">Current score over time; the table below gives the same figures</title>',
    ]
    for tick in range(0, max_score + 1, 5):
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            'stroke="#b1b4b6" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="12" fill="#0b0c0c">{tick}</text>'
        )
    path = []
    for index, (day, score) in enumerate(points):
        if index:
            path.append(f"H{x(day):.1f}")
            path.append(f"V{y(score):.1f}")
        else:
            path.append(f"M{x(day):.1f},{y(score):.1f}")
    path.append(f"H{x(end):.1f}")
    parts.append(f'<path d="{" ".join(path)}" fill="none" stroke="#1d70b8" stroke-width="3"/>')
    for day, score in points:
        parts.append(f'<circle cx="{x(day):.1f}" cy="{y(score):.1f}" r="4" fill="#1d70b8"/>')
    for number, (day, label) in enumerate(events, start=1):
        ex = x(day)
        parts.append(
            f'<line x1="{ex:.1f}" x2="{ex:.1f}" y1="{TOP}" y2="{TOP + plot_h}" stroke="#d4351c" stroke-width="2" '
            f'stroke-dasharray="4 3"/><circle cx="{ex:.1f}" cy="{TOP + 10}" r="9" fill="#d4351c"/>'
            f'<text x="{ex:.1f}" y="{TOP + 14}" text-anchor="middle" font-size="12" fill="#ffffff">{number}</text>'
            f"<desc>{escape(label)}</desc>"
        )
    parts.append(
        f'<text x="{LEFT}" y="{HEIGHT - 12}" font-size="12" fill="#0b0c0c">{start:%b %Y}</text>'
        f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 12}" text-anchor="end" font-size="12" '
        f'fill="#0b0c0c">{end:%b %Y}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
