"""Spreadsheets: reading the unit-and-owner sheet, its template, and the archive sheets of ballots and visits."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from sanji.core import clock
from sanji.core.errors import InvalidInput
from sanji.property.models import Visit
from sanji.property.selectors import ballot_rows
from sanji.property.services.consultations import consultation_open, visit_record
from sanji.property.services.votes import ballot_void
from sanji.property.spreadsheets import (
    COLUMNS,
    UnitRow,
    ballots_sheet,
    read_units,
    units_template,
    visits_sheet,
)

from .helpers import DAY, HEADER, T0, announced, cast, sheet, yard


def problems(data) -> list[tuple]:
    with pytest.raises(InvalidInput) as refused:
        read_units(data)
    assert refused.value.extra["field"] == "file"
    return [(p["row"], p["column"]) for p in refused.value.extra.get("rows", [])]


def opened(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


BUILDING, UNIT, AREA, OWNER, PHONE, DEVELOPER = (str(c) for c in COLUMNS)


# -- reading -------------------------------------------------------------------------------------------------------

def test_a_sheet_is_read_row_by_row():
    rows = read_units(sheet(["1号楼", "1单元101", 86.45, " 王秀英 ", "138 0000 0001", "否"],
                            ["1号楼", 102, 60, "王秀英", 13800000001, None],
                            ["2号楼", "101", "1,200.5㎡", "海信地产", "", "是"],
                            ["2号楼", "102", "99.9m²", "海信地产", "(0532)8288-0000", "Yes"]))
    assert rows == [
        UnitRow(2, "1号楼", "1单元101", Decimal("86.45"), "王秀英", "13800000001", False),
        UnitRow(3, "1号楼", "102", Decimal("60.00"), "王秀英", "13800000001", False),
        UnitRow(4, "2号楼", "101", Decimal("1200.50"), "海信地产", "", True),
        UnitRow(5, "2号楼", "102", Decimal("99.90"), "海信地产", "053282880000", True),
    ]


@pytest.mark.parametrize("cell, area", [
    (86.45, "86.45"), (0.1, "0.10"), (1234.56, "1234.56"), (99999999.99, "99999999.99"), (70.3, "70.30"),
    ("86.450", "86.45"), (3, "3.00"), (0.01, "0.01"),
])
def test_areas_are_read_exactly(cell, area):
    [row] = read_units(sheet(["1号楼", "101", cell, "王秀英", "", "否"]))
    assert row.area == Decimal(area) and str(row.area) == area


@pytest.mark.parametrize("cell", [86.455, "86.455", 0.001, 1e-05, 0, -1, "0", "abc", "", None, "NaN", "Infinity",
                                  100000000, "1e9", True])
def test_bad_areas_are_refused(cell):
    assert problems(sheet(["1号楼", "101", cell, "王秀英", "", "否"])) == [(2, AREA)]


def test_empty_rows_are_skipped_and_rows_keep_their_numbers():
    rows = read_units(sheet(["1号楼", "101", 50, "王芳", "", "否"], [], [None, "  ", None, None, None, None],
                            ["1号楼", "102", 50, "王芳", "", "否"]))
    assert [(r.row, r.number) for r in rows] == [(2, "101"), (5, "102")]
    assert problems(sheet(["1号楼", "101", 50, "王芳", "", "否"], [], [], ["1号楼", "102", "x", "王芳", "", "否"])) == [
        (5, AREA)]


def test_a_unit_twice_is_reported_on_its_second_row():
    found = problems(sheet(["1号楼", "101", 50, "王芳", "", "否"], ["1号楼", "102", 50, "王芳", "", "否"],
                           ["1号楼", "101", 60, "李强", "", "否"], ["2号楼", "101", 50, "王芳", "", "否"]))
    assert found == [(4, UNIT)]


def test_long_cells_bad_phones_and_flags_are_each_reported():
    assert problems(sheet(["楼" * 41, "单" * 31, 50, "名" * 61, "123", "maybe"])) == [
        (2, BUILDING), (2, UNIT), (2, OWNER), (2, PHONE), (2, DEVELOPER)]


def test_a_sheet_without_its_header_row_is_refused():
    assert problems(sheet(["1号楼", "101", 86.45, "王秀英", "", "否"], header=None)) == []
    assert problems(sheet(["1号楼", "101", "86.45", "王秀英", "", "否"], header=None)) == []


def test_a_sheet_with_only_its_header_is_refused():
    assert problems(sheet()) == []
    assert problems(sheet([], [None, None])) == []


@pytest.mark.parametrize("data", [b"", b"building,unit,area\n1,101,50\n", b"PK\x03\x04 not really a zip",
                                  b"\xd0\xcf\x11\xe0 an old .xls"])
def test_what_is_not_an_xlsx_file_is_refused(data):
    assert problems(data) == []


def test_a_file_over_5_mb_is_refused_before_it_is_opened(settings):
    assert problems(b"PK" + b"\0" * settings.SANJI_SHEET_MAX_BYTES) == []


def test_every_problem_is_counted_though_at_most_500_are_listed():
    with pytest.raises(InvalidInput) as refused:
        read_units(sheet(*[["1号楼", str(n), "x", "", "", "否"] for n in range(300)]))
    assert len(refused.value.extra["rows"]) == 500 and "600" in str(refused.value.message)


def test_a_sheet_has_at_most_max_rows_units(monkeypatch):
    monkeypatch.setattr("sanji.property.spreadsheets.MAX_ROWS", 3)
    rows = [["1号楼", str(n), 50, "王芳", "", "否"] for n in range(4)]
    assert len(read_units(sheet(*rows[:3]))) == 3
    assert problems(sheet(*rows)) == []


def test_the_template_reads_back_as_its_example_row():
    data = units_template()
    assert opened(data)[0] == tuple(str(c) for c in COLUMNS)
    assert read_units(data) == [UnitRow(2, "1号楼", "1单元101", Decimal("86.45"), "王秀英", "13800000000", False)]


def test_a_sheet_whose_first_page_is_empty_is_refused():
    book = Workbook()
    book.create_sheet("单元").append(HEADER)
    out = io.BytesIO()
    book.save(out)
    assert problems(out.getvalue()) == []


# -- the archive ---------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_ballot_sheet_lists_every_ballot_with_the_owners_units_and_area(world, django_assert_num_queries):
    place = yard(world.a)
    vote = announced(world.staff_a, place.compound)
    wang, li, dev = place.owner("王秀英"), place.owner("李建国"), place.owner("海信地产")
    first, *_ = cast(world.staff_a, vote, {wang: "no", li: "yes", dev: "abstain"})
    with clock.at(vote.opens_at + DAY):
        ballot_void(actor=world.staff_a, vote_id=vote.pk, ballot_id=first.pk, reason="录入错误")
    cast(world.staff_a, vote, {wang: "yes"}, at=vote.opens_at + 2 * DAY)
    with django_assert_num_queries(2):  # the ballots, and the roll's units and area of each owner
        rows = ballot_rows(vote)
    assert [(b.owner.name, b.units, str(b.area), b.choice, b.voided_at is not None) for b in rows] == [
        ("王秀英", 2, "146.45", "no", True), ("李建国", 1, "90.00", "yes", False),
        ("海信地产", 2, "200.00", "abstain", False), ("王秀英", 2, "146.45", "yes", False)]
    cells = opened(ballots_sheet(vote, rows))
    assert cells[0] == ("仰口路17号院", "选聘物业服务企业") + (None,) * 7
    assert len(cells) == 2 + 4
    assert cells[2][:3] == ("王秀英", 2, 146.45) and cells[2][6] == "2026-03-17 09:00"
    assert cells[2][7] == "2026-03-18 09:00" and cells[2][8] == "录入错误"
    assert cells[5][7] is None and cells[5][6] == "2026-03-19 09:00"


@pytest.mark.django_db
def test_the_roll_not_the_registry_gives_a_ballots_units(world):
    place = yard(world.a)
    vote = announced(world.staff_a, place.compound)
    place.units[("1号楼", "201")].owner = place.owner("王秀英")  # 李建国 sells to 王秀英 after the announcement
    place.units[("1号楼", "201")].save()
    cast(world.staff_a, vote, {place.owner("王秀英"): "yes"})
    [row] = ballot_rows(vote)
    assert (row.units, str(row.area)) == (2, "146.45")


@pytest.mark.django_db
def test_the_visit_sheet_lists_every_visit(world):
    place = yard(world.a)
    with clock.at(T0):
        consultation = consultation_open(actor=world.staff_a, compound_id=place.compound.pk, question="加装电梯？")
        visit_record(actor=world.staff_a, consultation_id=consultation.pk, unit_id=place.units[("1号楼", "101")].pk,
                     opinion="not_home")
    with clock.at(T0 + DAY):
        visit_record(actor=world.staff_a, consultation_id=consultation.pk, unit_id=place.units[("1号楼", "101")].pk,
                     opinion="agree", remarks="希望尽快")
    visits = Visit.objects.filter(consultation=consultation).select_related("unit__building", "visited_by").order_by(
        "visited_at", "pk")
    cells = opened(visits_sheet(consultation, visits))
    assert cells[0][:2] == ("仰口路17号院", "加装电梯？")
    assert [c[:2] + c[3:] for c in cells[2:]] == [("1号楼", "101", None, "staff-a", "2026-03-02 09:00"),
                                                 ("1号楼", "101", "希望尽快", "staff-a", "2026-03-03 09:00")]
    assert cells[2][2] != cells[3][2]  # the opinions, in the reader's language
