"""Spreadsheets of the property work (openpyxl): the unit-and-owner import with its template, and the archive
exports of ballots and visits.

The import sheet has a header row, then one unit a row, in the template's column order: building, unit, exclusive
area (m²), owner, phone, developer (是/否). Reading checks every row and reports every problem at once; nothing
is written unless the whole sheet is good. Before openpyxl opens it, the file must be within
``SANJI_SHEET_MAX_BYTES`` and its first bytes must say .xlsx (``filetype``; a workbook whose parts are in an order
``filetype`` does not know reads as a plain zip and is left to openpyxl to judge). The file itself is never stored.
"""

import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import filetype
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanji.core.errors import InvalidInput

MAX_ROWS = 20_000
#: Below 10^8 m² with 2 decimal places: what ``Unit.area`` stores.
MAX_AREA = Decimal("99999999.99")

COLUMNS = (
    gettext_lazy("Building"),
    gettext_lazy("Unit"),
    gettext_lazy("Exclusive area (m²)"),
    gettext_lazy("Owner"),
    gettext_lazy("Phone"),
    gettext_lazy("Developer's unsold unit (yes/no)"),
)
YES = {"是", "yes", "y", "true", "1", "√", "✓", "開發商", "开发商"}
NO = {"", "否", "no", "n", "false", "0"}
#: What ``Owner.phone`` holds: 7 to 20 characters, digits with an optional leading +.
PHONE = re.compile(r"^(\+[0-9]{7,19}|[0-9]{7,20})$")


@dataclass(frozen=True)
class UnitRow:
    row: int
    building: str
    number: str
    area: Decimal
    owner: str
    phone: str
    developer: bool


def units_template() -> bytes:
    """Return an empty import sheet with the header row in the reader's language and one example row."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Units and owners")[:31]
    sheet.append([str(c) for c in COLUMNS])
    sheet.append(["1号楼", "1单元101", "86.45", "王秀英", "13800000000", "否"])
    for letter, width in zip("ABCDEF", (10, 12, 18, 16, 16, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    return _save(book)


def read_units(data: bytes) -> list[UnitRow]:
    """Return the rows of an import sheet; refuse the file, or every bad row, with ``InvalidInput``."""
    rows = _sheet_rows(data)
    problems, found, seen = [], [], {}
    for number, cells in rows:
        cells = (list(cells) + [None] * 6)[:6]
        if all(_text(c) == "" for c in cells):
            continue
        row_problems = [
            (column, _("Excel read this cell as a date. Format the column as text and type it again."))
            for column in (0, 1, 3, 4) if isinstance(cells[column], dt.date | dt.time)
        ]
        building, unit, area, owner, phone, developer = (_text(c) for c in cells)
        for column, value, limit in ((0, building, 40), (1, unit, 30), (3, owner, 60)):
            if not value:
                row_problems.append((column, _("This cell is empty.")))
            elif len(value) > limit:
                row_problems.append((column, _("Please keep it under %(n)s characters.") % {"n": limit}))
        parsed_area = _area(cells[2], area, row_problems)
        phone = re.sub(r"[\s\-()]", "", phone)
        if phone and not PHONE.match(phone):
            row_problems.append((4, _("Enter a phone number of 7 to 20 digits, or leave it empty.")))
        flag = developer.lower()
        if flag not in YES | NO:
            row_problems.append((5, _("Write 是 (yes) or 否 (no).")))
        key = (building, unit)
        if building and unit and key in seen:
            row_problems.append((1, _("This unit is already on row %(row)s.") % {"row": seen[key]}))
        seen.setdefault(key, number)
        problems.extend({"row": number, "column": str(COLUMNS[c]), "message": m} for c, m in row_problems)
        if not row_problems:
            found.append(UnitRow(number, building, unit, parsed_area, owner, phone, flag in YES))
    if problems:
        raise InvalidInput(
            _("Nothing was imported: %(n)s problems were found. Correct the rows below and import the sheet again.")
            % {"n": len(problems)}, field="file", extra={"rows": problems[:500]},
        )
    if not found:
        raise InvalidInput(_("The sheet has no units below its header row."), field="file")
    return found


def _sheet_rows(data: bytes):
    from openpyxl import load_workbook

    if not data:
        raise InvalidInput(_("Choose an .xlsx file to import."), field="file")
    if len(data) > max_bytes():
        raise InvalidInput(_("The file is larger than %(mb)s MB.") % {"mb": max_bytes() // (1024 * 1024)},
                           field="file")
    kind = filetype.guess(data)
    if kind is None or kind.extension not in ("xlsx", "zip"):
        raise InvalidInput(_("This is not an .xlsx file (it looks like %(found)s). Save the sheet as Excel workbook "
                             "(.xlsx) and import it again.") % {"found": _found(kind)}, field="file")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = list(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2))
    except Exception:  # openpyxl raises many kinds on a damaged or foreign file
        raise InvalidInput(_("This file cannot be read as an .xlsx workbook."), field="file") from None
    if len(rows) > MAX_ROWS + 1:
        raise InvalidInput(_("A sheet can have at most %(n)s units.") % {"n": MAX_ROWS}, field="file")
    if not rows or _looks_like_data(rows[0]):
        raise InvalidInput(_("The first row must be the header row of the template."), field="file")
    return list(enumerate(rows[1:], start=2))


def max_bytes() -> int:
    """Return the largest sheet accepted, in bytes (``SANJI_SHEET_MAX_BYTES``)."""
    return settings.SANJI_SHEET_MAX_BYTES


def _found(kind) -> str:
    if kind is None:
        return _("plain text or an unknown format")
    if kind.extension in ("xls", "doc", "ppt"):
        return _("an old Office 97–2003 file (.%(ext)s)") % {"ext": kind.extension}
    return _("a .%(ext)s file") % {"ext": kind.extension}


def _looks_like_data(cells) -> bool:
    cells = list(cells) + [None] * 3
    try:
        Decimal(_text(cells[2]))
    except InvalidOperation:
        return False
    return True


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip().replace("\x00", "")


def _area(cell, text: str, problems: list):
    if isinstance(cell, float):
        text = repr(cell)  # the shortest text that reads back as the same float: 86.45, not 86.4500000001
    try:
        value = Decimal(text.replace(",", "").replace("㎡", "").replace("m²", "").strip())
    except InvalidOperation:
        problems.append((2, _("Enter the area in square metres, such as 86.45.")))
        return None
    if not value.is_finite() or value <= 0:
        problems.append((2, _("The area must be more than 0.")))
    elif value > MAX_AREA:
        problems.append((2, _("The area is too large.")))
    elif value != value.quantize(Decimal("0.01")):
        problems.append((2, _("Give the area to at most 2 decimal places, as registered.")))
    else:
        return value.quantize(Decimal("0.01"))
    return None


def ballots_sheet(vote, ballots) -> bytes:
    """Return every ballot of ``vote``, voided ones included, as an .xlsx workbook for the archive."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Ballots")[:31]
    _append(sheet, [str(vote.compound), vote.title])
    sheet.append([_("Owner"), _("Units"), _("Area (m²)"), _("Choice"), _("Channel"), _("Entered by"),
                  _("Entered at"), _("Voided"), _("Reason")])
    sealed = vote.state != "counted"  # how owners voted is not shown before the count, not even in the archive
    for ballot in ballots:
        _append(sheet, [
            ballot.owner.name, ballot.units, ballot.area, "" if sealed else ballot.get_choice_display(),
            ballot.get_channel_display(),
            ballot.entered_by.get_username() if ballot.entered_by else "",
            _local(ballot.entered_at), _local(ballot.voided_at) if ballot.voided_at else "", ballot.void_reason,
        ])
    return _save(book)


def visits_sheet(consultation, visits) -> bytes:
    """Return every visit of ``consultation`` as an .xlsx workbook for the archive."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Visits")[:31]
    _append(sheet, [str(consultation.compound), consultation.question])
    sheet.append([_("Building"), _("Unit"), _("Opinion"), _("Remarks"), _("Visited by"), _("Visited at")])
    for visit in visits:
        _append(sheet, [
            visit.unit.building.name, visit.unit.number, visit.get_opinion_display(), visit.remarks,
            visit.visited_by.get_username() if visit.visited_by else "", _local(visit.visited_at),
        ])
    return _save(book)


def _append(sheet, values: list) -> None:
    """Append a row whose text is kept as text: openpyxl would store "=…" typed by a person as a formula."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _save(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
