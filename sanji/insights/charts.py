"""Small SVG charts for printed reports: rates by month as lines, and counts as horizontal bars.

Pure: no ORM, no JavaScript, no outside resource. Each builder returns one ``<svg>`` element as a string, as wide as
an A4 page between its margins, with every label escaped; the same arguments always give the same string. Lines
differ by dash pattern and marker shape as well as by colour, so a greyscale print still tells them apart.

A builder raises ``ValueError`` when its lists do not match or a count is negative.
"""

import html
import math
import unicodedata
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

#: The drawing's width in user units and on paper: 4 units to the millimetre.
WIDTH, WIDTH_MM = 680, 170
FONT = "Noto Sans CJK SC, Noto Serif CJK SC, WenQuanYi Micro Hei, sans-serif"
FONT_SIZE = 10
#: (colour, dash pattern, marker) of each series in turn; the colours also differ in lightness.
STYLES = (
    ("#1b3a6b", "", "circle"),
    ("#b0413e", "7 3", "square"),
    ("#4f8a3c", "2 2", "triangle"),
    ("#7a5c99", "9 3 2 3", "diamond"),
)
BAR_COLOUR = "#4a6fa5"
GRID_COLOUR = "#c8c8c8"


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def _n(x) -> str:
    """Return a coordinate with at most one decimal, without a trailing ``.0``."""
    out = f"{float(x):.1f}"
    return out[:-2] if out.endswith(".0") else out


def _decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def _number(value: Decimal) -> str:
    """Return ``value`` without trailing zeros and never in exponent form (100, 2.5, 0)."""
    return format(value.normalize(), "f")


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Return the estimated width of ``text`` in user units: a full-width character is square, others 0.6."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.6 for ch in str(text))


def _clip(text: str, room: float, size: float = FONT_SIZE) -> str:
    """Return ``text``, cut with an ellipsis to fit in ``room`` units."""
    text = str(text)
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text + "…"


def nice_ticks(top, *, whole: bool = False) -> list[Decimal]:
    """Return the ticks 0, s, 2s, ... of an axis up to ``top``, the step s being 1, 2 or 5 times a power of ten.

    About five steps; the last tick is at or above ``top``. ``whole`` keeps the step at least 1 (for counts).
    """
    top = _decimal(top)
    if top <= 0:
        return [Decimal(0), Decimal(1)]
    raw = top / 5
    base = Decimal(1).scaleb(raw.adjusted())
    step = next(m * base for m in (1, 2, 5, 10) if m * base >= raw)
    if whole:
        step = max(step, Decimal(1))
    count = math.ceil(top / step)
    ticks = [step * i for i in range(count + 1)]
    return [t.quantize(Decimal(1)) if t == t.to_integral_value() else t.normalize() for t in ticks]


def _svg(height: int, body: list[str], title: str | None) -> str:
    height_mm = _n(height * WIDTH_MM / WIDTH)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH_MM}mm" height="{height_mm}mm" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" font-family="{FONT}" font-size="{FONT_SIZE}">'
    )
    caption = [f"<title>{_esc(title)}</title>"] if title else []
    return "\n".join([head, *caption, *body, "</svg>"])


def _no_data(x: float, y: float) -> str:
    return f'<text class="empty" x="{_n(x)}" y="{_n(y)}" text-anchor="middle" fill="#555">{_esc(_("No data"))}</text>'


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    r = 2.8
    if shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{_n(x - r)}" y="{_n(y - r)}" width="{_n(2 * r)}" height="{_n(2 * r)}" fill="{colour}"/>'
    if shape == "triangle":
        points = ((x, y - r * 1.2), (x + r * 1.2, y + r), (x - r * 1.2, y + r))
    else:  # diamond
        points = ((x, y - r * 1.3), (x + r * 1.3, y), (x, y + r * 1.3), (x - r * 1.3, y))
    return f'<polygon points="{" ".join(f"{_n(px)},{_n(py)}" for px, py in points)}" fill="{colour}"/>'


def _dash(pattern: str) -> str:
    return f' stroke-dasharray="{pattern}"' if pattern else ""


def line_chart(
    months: list[str], series: list[tuple[str, list]], *, y_max=100, unit: str = "%", title: str | None = None
) -> str:
    """Return an SVG line chart of ``series`` over ``months``, the value axis running from 0 to ``y_max``.

    Each series is ``(label, values)`` with one value per month (a ``Decimal``, int, or None for a month without
    one); it is drawn as one ``<path class="series">`` whose line breaks where a value is missing, with a marker on
    every value so that a month standing alone still shows. Values beyond the axis are drawn at its end. A legend
    names the series under the months.
    """
    for label, values in series:
        if len(values) != len(months):
            raise ValueError(f"series {label!r} has {len(values)} values for {len(months)} months")
    top = _decimal(y_max)
    if top <= 0:
        raise ValueError("y_max must be positive")
    height, left, right, upper, lower = 270, 48, 12, 12, 218
    body = [f'<rect x="{left}" y="{upper}" width="{WIDTH - left - right}" height="{lower - upper}" fill="none" '
            f'stroke="{GRID_COLOUR}" stroke-width="0.6"/>']

    def y_of(value) -> float:
        share = min(max(_decimal(value), Decimal(0)), top) / top
        return lower - float(share) * (lower - upper)

    for tick in nice_ticks(top):
        if tick > top:
            break
        y = y_of(tick)
        body.append(f'<line x1="{left}" y1="{_n(y)}" x2="{WIDTH - right}" y2="{_n(y)}" stroke="{GRID_COLOUR}" '
                    f'stroke-width="0.6"/>')
        body.append(f'<text x="{left - 4}" y="{_n(y + 3.5)}" text-anchor="end">{_esc(_number(tick) + unit)}</text>')
    pad = 16
    span = WIDTH - left - right - 2 * pad
    xs = [left + pad + (span * i / (len(months) - 1) if len(months) > 1 else span / 2) for i in range(len(months))]
    every = max(1, math.ceil(len(months) / 12))
    for i, (x, month) in enumerate(zip(xs, months, strict=True)):
        if i % every == 0:
            body.append(f'<text x="{_n(x)}" y="{lower + 14}" text-anchor="middle">{_esc(month)}</text>')
    for index, (label, values) in enumerate(series):
        colour, dash, shape = STYLES[index % len(STYLES)]
        steps, pen_down = [], False
        for x, value in zip(xs, values, strict=True):
            if value is None:
                pen_down = False
                continue
            steps.append(f"{'L' if pen_down else 'M'}{_n(x)} {_n(y_of(value))}")
            pen_down = True
        body.append(f'<path class="series" d="{" ".join(steps)}" fill="none" stroke="{colour}" stroke-width="1.8"'
                    f'{_dash(dash)}><title>{_esc(label)}</title></path>')
        body.extend(_marker(shape, x, y_of(v), colour) for x, v in zip(xs, values, strict=True) if v is not None)
    if not months or not any(v is not None for _name, values in series for v in values):
        body.append(_no_data(WIDTH / 2, (upper + lower) / 2))
    x = left
    for index, (label, _values) in enumerate(series):
        colour, dash, shape = STYLES[index % len(STYLES)]
        y = height - 14
        body.append(f'<line class="legend" x1="{_n(x)}" y1="{y}" x2="{_n(x + 24)}" y2="{y}" stroke="{colour}" '
                    f'stroke-width="1.8"{_dash(dash)}/>')
        body.append(_marker(shape, x + 12, y, colour))
        body.append(f'<text x="{_n(x + 30)}" y="{y + 3.5}">{_esc(label)}</text>')
        x += 30 + text_width(label) + 24
    return _svg(height, body, title)


def bar_chart(labels: list[str], values: list, *, unit: str = "", title: str | None = None) -> str:
    """Return an SVG chart of one horizontal bar per label (``<rect class="bar">``), the value written at its end.

    ``values`` are counts or other non-negative numbers (int or ``Decimal``), one per label; the value axis starts
    at 0 and has round ticks. Labels too long for the left column are cut with an ellipsis.
    """
    if len(labels) != len(values):
        raise ValueError(f"{len(labels)} labels for {len(values)} values")
    numbers = [_decimal(v) for v in values]
    if any(n < 0 for n in numbers):
        raise ValueError("bar values must not be negative")
    row, upper = 18, 8
    lower = upper + row * max(len(labels), 1)
    height = lower + 26
    label_room = min(max([text_width(lb) for lb in labels] + [24]) + 8, 200)
    left, right = label_room + 4, 56
    ticks = nice_ticks(max(numbers, default=0), whole=all(isinstance(v, int) for v in values))
    top = ticks[-1]
    span = WIDTH - left - right

    def x_of(value: Decimal) -> float:
        return left + float(value / top) * span

    body = []
    for tick in ticks:
        x = x_of(tick)
        body.append(f'<line x1="{_n(x)}" y1="{upper}" x2="{_n(x)}" y2="{lower}" stroke="{GRID_COLOUR}" '
                    f'stroke-width="0.6"/>')
        body.append(f'<text x="{_n(x)}" y="{lower + 14}" text-anchor="middle">{_esc(_number(tick) + unit)}</text>')
    body.append(f'<line x1="{left}" y1="{upper}" x2="{left}" y2="{lower}" stroke="#333" stroke-width="0.8"/>')
    for i, (label, number) in enumerate(zip(labels, numbers, strict=True)):
        y = upper + i * row
        end = x_of(number)
        body.append(f'<text x="{_n(left - 6)}" y="{_n(y + 12.5)}" text-anchor="end">{_esc(_clip(label, label_room))}'
                    f'</text>')
        body.append(f'<rect class="bar" x="{left}" y="{_n(y + 3.5)}" width="{_n(end - left)}" height="11" '
                    f'fill="{BAR_COLOUR}"/>')
        body.append(f'<text x="{_n(end + 4)}" y="{_n(y + 12.5)}">{_esc(_number(number) + unit)}</text>')
    if not labels:
        body.append(_no_data(WIDTH / 2, upper + row / 2 + 4))
    return _svg(height, body, title)
