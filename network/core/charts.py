"""Server-rendered, accessible bar charts: SVG with a title, a description and
the same figures in a table (the ``{% chart %}`` tag of ``network.templatetags.charts``).

Ours rather than a library's: the Python SVG chart libraries (svg.charts, pygal,
pysvgchart) draw fixed-size pictures with colour alone, no ``role``/``<title>``/
``<desc>`` and no table; a horizontal bar chart is a few rectangles. Bars are
horizontal so that long labels (region and meeting names) fit a 360 px phone.

Series take the map's colours and patterns (static/css/action-plans.css): a blue
scale, orange and grey hatching and dots, each with its own fill pattern, so no
series is told by colour alone.
"""

from dataclasses import dataclass

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

# The map's palette: (fill colour, pattern drawn over it, pattern colour).
# Every style differs from the others by its pattern as well as its colour.
STYLES = {
    "dark": ("#08519c", "solid", ""),
    "mid": ("#6baed6", "vertical", "#08306b"),
    "light": ("#c6dbef", "dots", "#08306b"),
    "orange": ("#f6b26b", "hatch", "#7f4a00"),
    "grey": ("#d9d9d9", "backhatch", "#555555"),
    "white": ("#ffffff", "dots", "#555555"),
}

# The drawing, in viewBox units: at 360 px CSS width a unit is ~0.9 px, so the
# 14-unit labels stay readable on a phone.
WIDTH = 400
LABEL_HEIGHT = 18
BAR_HEIGHT = 20
ROW_GAP = 12
TOTAL_SPACE = 48  # room right of the longest bar for its total
COMPACT_LABEL_WIDTH = 48  # a year's width beside its bar
COMPACT_ROW_GAP = 6
LABEL_CHARACTERS = 50  # what fits the width at 14 units; the table has the whole label


@dataclass(frozen=True)
class Series:
    """One kind of figure in a chart (a status, "verified", "due"), drawn in one style."""

    label: str
    style: str = "dark"


@dataclass
class Chart:
    """A horizontal (stacked) bar chart: one bar a category, one segment a series.

    ``values[i][j]`` is category ``i``'s figure for series ``j``. ``key`` makes
    the ids of the SVG's parts unique within a page.
    """

    key: str
    title: str
    description: str
    category_header: str
    categories: list
    series: list
    values: list
    # Short labels (years) beside their bars rather than above them.
    compact: bool = False

    def __post_init__(self):
        if len(self.values) != len(self.categories):
            raise ValueError("A chart needs one row of values per category.")
        if any(len(row) != len(self.series) for row in self.values):
            raise ValueError("A chart needs one value per series in every row.")
        self.key = slugify(self.key) or "chart"

    @property
    def totals(self):
        return [sum(row) for row in self.values]

    @property
    def stacked(self):
        return len(self.series) > 1

    @property
    def is_empty(self):
        return not any(self.totals)

    def summary(self):
        """The figures in one sentence, for the SVG's <desc>."""
        parts = []
        for category, row in zip(self.categories, self.values, strict=True):
            if self.stacked:
                inner = ", ".join(
                    f"{series.label} {value}"
                    for series, value in zip(self.series, row, strict=True)
                )
                parts.append(f"{category}: {sum(row)} ({inner})")
            else:
                parts.append(f"{category}: {row[0]}")
        return "; ".join(parts) + "." if parts else ""

    def drawing(self):
        """The geometry the template draws: rows of labelled, segmented bars."""
        longest = max(self.totals, default=0) or 1
        start = COMPACT_LABEL_WIDTH if self.compact else 0
        label_height = 0 if self.compact else LABEL_HEIGHT
        gap = COMPACT_ROW_GAP if self.compact else ROW_GAP
        scale = (WIDTH - TOTAL_SPACE - start) / longest
        rows, y = [], 0
        for category, row in zip(self.categories, self.values, strict=True):
            segments, x = [], float(start)
            for series_index, (series, value) in enumerate(zip(self.series, row, strict=True)):
                if not value:
                    continue
                width = value * scale
                segments.append(
                    {
                        "x": round(x, 2),
                        "width": round(max(width, 1.5), 2),
                        "fill": self.fill_of(series_index),
                        "label": f"{series.label}: {value}",
                    }
                )
                x += width
            rows.append(
                {
                    "label": _shorten(str(category)),
                    "label_y": y + BAR_HEIGHT - 5 if self.compact else y + LABEL_HEIGHT - 4,
                    "bar_y": y + label_height,
                    "segments": segments,
                    "total": sum(row),
                    "total_x": round(x + 6, 2),
                    "total_y": y + label_height + BAR_HEIGHT - 5,
                }
            )
            y += label_height + BAR_HEIGHT + gap
        return {"width": WIDTH, "height": max(y, 1), "bar_height": BAR_HEIGHT, "rows": rows}

    def fill_of(self, series_index):
        colour, pattern, _ink = STYLES[self.series[series_index].style]
        if pattern == "solid":
            return colour
        return f"url(#{self.pattern_id(series_index)})"

    def pattern_id(self, series_index):
        return f"{self.key}-pattern-{series_index}"

    def patterns(self):
        """The <pattern> definitions of the series that need one."""
        found = []
        for index, series in enumerate(self.series):
            colour, pattern, ink = STYLES[series.style]
            if pattern != "solid":
                found.append(
                    {"id": self.pattern_id(index), "colour": colour, "kind": pattern, "ink": ink}
                )
        return found

    def legend(self):
        return [
            {"label": series.label, "fill": self.fill_of(index)}
            for index, series in enumerate(self.series)
        ]

    def table(self):
        """The same figures as the picture: header row, then one row a category."""
        header = [self.category_header, *(series.label for series in self.series)]
        if self.stacked:
            header.append(_("Total"))
        body = []
        for category, row in zip(self.categories, self.values, strict=True):
            cells = [*row, sum(row)] if self.stacked else list(row)
            body.append({"label": category, "cells": cells})
        return {"header": header, "rows": body}


def _shorten(label):
    if len(label) <= LABEL_CHARACTERS:
        return label
    return label[: LABEL_CHARACTERS - 1].rstrip() + "…"


def bar_chart(
    key, title, description, category_header, figures, series_label, style="dark", compact=False
):
    """A chart of one series from ``figures``, a list of (category, value)."""
    figures = list(figures)
    return Chart(
        compact=compact,
        key=key,
        title=title,
        description=description,
        category_header=category_header,
        categories=[label for label, _value in figures],
        series=[Series(series_label, style)],
        values=[[value] for _label, value in figures],
    )


def chart_parts(chart):
    """Everything ``render_html(chart)`` prints, as plain values (labels made
    strings in the active language): the key its rendering is kept under."""
    return (
        str(chart.key),
        str(chart.title),
        str(chart.description),
        str(chart.category_header),
        tuple(str(category) for category in chart.categories),
        tuple((str(series.label), series.style) for series in chart.series),
        tuple(tuple(row) for row in chart.values),
        chart.compact,
    )


def render_html(chart):
    """``chart`` as its ``<figure>``: SVG, legend and table, byte for byte what
    the former ``charts/chart.html`` template made in English
    (tests/network/test_charts.py keeps that template and compares), with
    numbers in SVG's notation in every language.

    Written in Python because the tracker's chart of 200 meetings made the
    template engine resolve about 6,000 variables: a third of the tracker's
    rendering for its first reader after a change (docs/performance.md, run 5).
    Every value goes through ``conditional_escape``, as autoescaping did.
    """
    key = _e(chart.key)
    title = _e(chart.title)
    out = [
        f'<figure class="chart" id="{key}" aria-labelledby="{key}-caption">\n'
        f'  <figcaption id="{key}-caption" class="chart-title">{title}</figcaption>\n  '
    ]
    empty = chart.is_empty
    if empty:
        out.append(f'\n  <p class="chart-empty">{_e(_("No figures to show yet."))}</p>\n  ')
    else:
        out.append(_drawing_html(chart, key, title))
    table = chart.table()
    header = "".join(f'<th scope="col">{_e(cell)}</th>' for cell in table["header"])
    rows = "".join(
        f'<tr><th scope="row">{_e(row["label"])}</th>'
        + "".join(f"<td>{_e(value)}</td>" for value in row["cells"])
        + "</tr>"
        for row in table["rows"]
    )
    out.append(
        f'\n  <details class="chart-figures"{" hidden" if empty else ""}>\n'
        f"    <summary>{_e(_('The figures as a table'))}</summary>\n"
        f'    <div class="chart-table-wrap" tabindex="0" role="region" aria-label="{title}">'
        f'<table class="chart-table">\n'
        f'      <caption class="visually-hidden">{title}</caption>\n'
        f"      <thead><tr>{header}</tr></thead>\n"
        f"      <tbody>{rows}</tbody>\n"
        f"    </table></div>\n"
        f"  </details>\n"
        f"</figure>\n"
    )
    return mark_safe("".join(out))  # every value above is escaped


def _drawing_html(chart, key, title):
    drawing = chart.drawing()
    out = [
        f'\n  <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_e(drawing["width"])} '
        f'{_e(drawing["height"])}" width="100%" preserveAspectRatio="xMinYMin meet" role="img" '
        f'aria-labelledby="{key}-title {key}-desc" class="chart-svg">\n'
        f'    <title id="{key}-title">{title}</title>\n'
        f'    <desc id="{key}-desc">{_e(chart.description)} {_e(chart.summary())}</desc>\n'
        f"    <defs>"
    ]
    for p in chart.patterns():
        transform = {
            "hatch": ' patternTransform="rotate(45)"',
            "backhatch": ' patternTransform="rotate(-45)"',
        }.get(p["kind"], "")
        ink = _e(p["ink"])
        mark = (
            f'<circle cx="3" cy="3" r="1.1" fill="{ink}"></circle>'
            if p["kind"] == "dots"
            else f'<line x1="1" y1="0" x2="1" y2="6" stroke="{ink}" stroke-width="1.4"></line>'
        )
        out.append(
            f'\n      <pattern id="{_e(p["id"])}" width="6" height="6" '
            f'patternUnits="userSpaceOnUse"{transform}>\n'
            f'        <rect width="6" height="6" fill="{_e(p["colour"])}"></rect>{mark}\n'
            f"      </pattern>"
        )
    out.append("\n    </defs>\n    ")
    bar_height = _e(drawing["bar_height"])
    for row in drawing["rows"]:
        bar_y = _e(row["bar_y"])
        segments = "".join(
            f'<rect x="{_e(s["x"])}" y="{bar_y}" width="{_e(s["width"])}" '
            f'height="{bar_height}" fill="{_e(s["fill"])}" stroke="#1b1b1f" '
            f'stroke-width="0.6"><title>{_e(s["label"])}</title></rect>'
            for s in row["segments"]
        )
        out.append(
            f'<g class="chart-row">\n'
            f'      <text x="0" y="{_e(row["label_y"])}" class="chart-label">'
            f"{_e(row['label'])}</text>\n"
            f"      {segments}\n"
            f'      <text x="{_e(row["total_x"])}" y="{_e(row["total_y"])}" '
            f'class="chart-total">{_e(row["total"])}</text>\n'
            f"    </g>"
        )
    out.append("\n  </svg>\n  ")
    if chart.stacked:
        out.append('<ul class="chart-legend">')
        for item in chart.legend():
            out.append(
                '\n    <li><svg class="chart-swatch" aria-hidden="true" focusable="false" '
                'width="22" height="14" viewBox="0 0 22 14"><rect x="0.5" y="0.5" width="21" '
                f'height="13" fill="{_e(item["fill"])}" stroke="#1b1b1f" stroke-width="0.6">'
                f"</rect></svg> {_e(item['label'])}</li>"
            )
        out.append("\n  </ul>")
    out.append("\n  ")
    return "".join(out)


def _e(value):
    """A value escaped, as autoescaping did. Numbers are not localised: the
    template printed a French or Spanish coordinate with a decimal comma
    (``x="12,5"``), which SVG does not read."""
    return conditional_escape(value)
