"""A dashboard table as an .xlsx sheet (openpyxl): the same rows as the page, a rate as three columns."""

import datetime as dt
import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from .rates import Rate
from .tables import DATE, RATE, Table


def _header(table: Table) -> list[str]:
    out = []
    for column in table.columns:
        label = str(column.label)
        if column.kind == RATE:
            out += [f"{label} (%)", _("%(measure)s: numerator") % {"measure": label},
                    _("%(measure)s: denominator") % {"measure": label}]
        else:
            out.append(label)
    return out


def _cells(table: Table, row: list) -> list:
    out = []
    for column, value in zip(table.columns, row, strict=True):
        if column.kind == RATE:
            rate = value if isinstance(value, Rate) else None
            out += [rate.percent(2) if rate else None, rate.numerator if rate else None,
                    rate.denominator if rate else None]
        elif isinstance(value, dt.datetime):
            out.append(timezone.localtime(value).replace(tzinfo=None) if column.kind == DATE else str(value))
        elif isinstance(value, Rate):
            out.append(f"{value.percent()} % ({value.numerator}/{value.denominator})" if value.denominator else "—")
        elif value is None or isinstance(value, int | Decimal | dt.date):
            out.append(value)
        else:
            out.append(str(value))
    return out


def table_xlsx(table: Table, *, heading: str) -> bytes:
    """Return the table as an .xlsx workbook of one sheet, the heading (area and months) on the first row."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = str(table.title)[:31]
    sheet.append([heading])
    sheet.append(_header(table))
    for row in table.rows:
        sheet.append(_cells(table, row))
    sheet.freeze_panes = "A3"
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in list(column)[1:]) if sheet.max_row > 1 else 8
        sheet.column_dimensions[column[0].column_letter].width = min(max(10, width * 1.6), 50)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
