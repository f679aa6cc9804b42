"""How a dashboard cell reads on the page: a rate as per cent with its numerator and denominator."""

import datetime as dt
from urllib.parse import urlencode

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from sanji.insights.rates import Rate

register = template.Library()


@register.filter
def cell(value):
    """Return a table cell: "48.8 %" over "41/84" for a rate, a dash for nothing, a local date for a time."""
    if isinstance(value, Rate):
        if not value.denominator:
            return format_html('<span title="{}">—</span>', _("nothing was due"))
        return format_html('{} %<br><small class="meta">{}/{}</small>', value.percent(), value.numerator,
                           value.denominator)
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d")
    return value


@register.filter
def percent(rate):
    """Return a rate as "48.8 %", or a dash when nothing was due."""
    return f"{rate.percent()} %" if isinstance(rate, Rate) and rate.denominator else "—"


@register.simple_tag
def export_link(query: dict, key: str) -> str:
    return "?" + urlencode({**query, "export": key})


@register.filter
def urlencode_query(params: dict) -> str:
    return urlencode(params)
