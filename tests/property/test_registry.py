"""The compound registry: mode history, particulars, the unit-and-owner import, and the committee in office."""

import datetime as dt
from decimal import Decimal

import pytest

from sanji.core import clock
from sanji.core.errors import InvalidInput, NotFound
from sanji.core.models import Compound
from sanji.core.services import party_org_create
from sanji.property.models import Building, CommitteeMember, CommitteeTerm, ModeChange, Owner, Unit
from sanji.property.selectors import compound_summary, owner_choices
from sanji.property.services.registry import committee_register, compound_set_mode, compound_update, units_import
from sanji.property.spreadsheets import COLUMNS

from ..factories import fresh
from .helpers import SMALL, T0, committee, sheet, yard


@pytest.fixture
def place(world):
    return Compound.objects.create(name="仰口路17号院", community=world.a)


def imported(world, place, *rows, actor=None):
    return units_import(actor=fresh(actor or world.staff_a), compound_id=place.pk, data=sheet(*rows))


def registry(place) -> list[tuple]:
    """Return every unit of ``place`` as (building, unit, area, owner, phone, developer)."""
    return sorted(Unit.objects.filter(building__compound=place).values_list(
        "building__name", "number", "area", "owner__name", "owner__phone", "owner__is_developer"))


SHEET = [
    ["1号楼", "1单元101", 86.45, "王秀英", "13800000001", "否"],
    ["1号楼", "1单元102", "60", "王秀英", "138-0000-0001", ""],
    ["1号楼", "1单元201", 90, "李建国", None, "no"],
    ["2号楼", "101", "100.00", "海信地产", "", "是"],
    ["2号楼", "102", 100, "海信地产", "", "开发商"],
]


# -- management mode ---------------------------------------------------------------------------------------------

def test_each_mode_change_is_kept_and_the_newest_since_is_current(world, place):
    with clock.at(T0):
        first = compound_set_mode(actor=world.staff_a, compound_id=place.pk, mode="commercial", note="引入物业公司")
    assert first.since == dt.date(2026, 3, 2) and first.changed_by == world.staff_a
    with clock.at(T0 + dt.timedelta(days=320)):
        compound_set_mode(actor=world.staff_a, compound_id=place.pk, mode="self_managed", since="2027-01-01")
        compound_set_mode(actor=world.staff_a, compound_id=place.pk, mode="soe_embedded", since="2024-05-01",
                          note="补录历史")
    place.refresh_from_db()
    assert place.management_mode == "self_managed"  # the back-dated entry joins the history, not the present
    assert list(ModeChange.objects.filter(compound=place).values_list("mode", "since")) == [
        ("self_managed", dt.date(2027, 1, 1)), ("commercial", dt.date(2026, 3, 2)),
        ("soe_embedded", dt.date(2024, 5, 1))]


def test_a_mode_change_still_to_come_is_refused(world, place):
    with clock.at(T0), pytest.raises(InvalidInput) as refused:
        compound_set_mode(actor=world.staff_a, compound_id=place.pk, mode="commercial", since="2026-03-03")
    assert refused.value.extra["field"] == "since" and not ModeChange.objects.filter(compound=place).exists()


def test_a_bad_mode_change_is_refused(world, place):
    for values, field in (
        ({"mode": "hotel"}, "mode"),
        ({"mode": ""}, "mode"),
        ({"mode": "commercial", "since": "2026-13-01"}, "since"),
        ({"mode": "commercial", "since": "1999-12-31"}, "since"),
        ({"mode": "commercial", "note": "长" * 301}, "note"),
    ):
        with pytest.raises(InvalidInput) as refused:
            compound_set_mode(actor=world.staff_a, compound_id=place.pk, **values)
        assert refused.value.extra["field"] == field, values
    assert not ModeChange.objects.exists()


def test_the_mode_of_a_compound_out_of_scope_reads_as_missing(world, place):
    for user in (world.staff_b, world.resident_a, world.outsider):
        with pytest.raises(NotFound):
            compound_set_mode(actor=user, compound_id=place.pk, mode="commercial")
    place.refresh_from_db()
    assert place.management_mode == "none" and not ModeChange.objects.exists()


# -- particulars ---------------------------------------------------------------------------------------------------

def test_the_particulars_change_one_by_one(world, place):
    branch = party_org_create(name="仰口路17号院党支部", kind="compound_branch", area=world.a)
    compound_update(actor=world.staff_a, compound_id=place.pk, address="仰口路17号", is_pilot=True)
    compound_update(actor=world.street_officer, compound_id=place.pk, party_branch_id=str(branch.pk))
    place.refresh_from_db()
    assert (place.address, place.is_pilot, place.party_branch) == ("仰口路17号", True, branch)
    compound_update(actor=world.staff_a, compound_id=place.pk, party_branch_id="")
    compound_update(actor=world.staff_a, compound_id=place.pk)  # nothing named, nothing changed
    place.refresh_from_db()
    assert (place.address, place.is_pilot, place.party_branch) == ("仰口路17号", True, None)


def test_the_party_branch_must_be_of_the_compounds_community(world, place):
    elsewhere = party_org_create(name="湛山一路社区党委", kind="community_committee", area=world.b)
    above = party_org_create(name="湛山街道党工委", kind="street_committee", area=world.street)
    for branch_id in (elsewhere.pk, above.pk, 987654, "x"):
        with pytest.raises(InvalidInput) as refused:
            compound_update(actor=world.staff_a, compound_id=place.pk, party_branch_id=branch_id)
        assert refused.value.extra["field"] == "party_branch"
    with pytest.raises(NotFound):
        compound_update(actor=world.staff_b, compound_id=place.pk, address="别处")


# -- the import ----------------------------------------------------------------------------------------------------

def test_a_sheet_registers_buildings_units_and_owners(world, place):
    report = imported(world, place, *SHEET)
    assert (report.added, report.changed, report.unchanged, report.owners_added) == (5, 0, 0, 3)
    assert registry(place) == [
        ("1号楼", "1单元101", Decimal("86.45"), "王秀英", "13800000001", False),
        ("1号楼", "1单元102", Decimal("60.00"), "王秀英", "13800000001", False),
        ("1号楼", "1单元201", Decimal("90.00"), "李建国", "", False),
        ("2号楼", "101", Decimal("100.00"), "海信地产", "", True),
        ("2号楼", "102", Decimal("100.00"), "海信地产", "", True),
    ]
    assert Building.objects.filter(compound=place).count() == 2
    assert Owner.objects.filter(compound=place, is_developer=True).count() == 1
    summary = compound_summary(place)
    assert (summary.buildings, summary.units, summary.owners, summary.total_area, summary.developer_units) == (
        2, 5, 3, Decimal("436.45"), 2)


def test_a_second_import_updates_units_in_place(world, place):
    imported(world, place, *SHEET)
    first_ids = dict(Unit.objects.values_list("number", "pk"))
    report = imported(
        world, place,
        ["1号楼", "1单元101", "86.40", "王秀英", "13800000001", "否"],  # area corrected
        ["1号楼", "1单元102", "60", "周晓燕", "13700000002", "否"],  # sold on
        ["1号楼", "1单元201", 90, "李建国", "", "否"],  # as before
        ["2号楼", "101", "100", "周晓燕", "13700000002", "否"],  # the developer sold it
        ["2号楼", "201", "55.5", "海信地产", "", "是"],  # new
    )
    assert (report.added, report.changed, report.unchanged, report.owners_added) == (1, 3, 1, 1)
    assert {n: pk for n, pk in Unit.objects.values_list("number", "pk") if n in first_ids} == first_ids
    assert registry(place) == [
        ("1号楼", "1单元101", Decimal("86.40"), "王秀英", "13800000001", False),
        ("1号楼", "1单元102", Decimal("60.00"), "周晓燕", "13700000002", False),
        ("1号楼", "1单元201", Decimal("90.00"), "李建国", "", False),
        ("2号楼", "101", Decimal("100.00"), "周晓燕", "13700000002", False),
        ("2号楼", "102", Decimal("100.00"), "海信地产", "", True),
        ("2号楼", "201", Decimal("55.50"), "海信地产", "", True),
    ]
    assert Owner.objects.filter(compound=place, is_developer=True).count() == 1


def test_the_same_name_with_another_phone_is_another_owner(world, place):
    imported(world, place, ["1号楼", "101", 50, "王芳", "13800000001", "否"],
             ["1号楼", "102", 50, "王芳", "13900000009", "否"])
    assert Owner.objects.filter(compound=place, name="王芳").count() == 2


def test_every_bad_row_is_reported_and_nothing_is_imported(world, place):
    with pytest.raises(InvalidInput) as refused:
        imported(world, place,
                 ["1号楼", "101", 86.45, "王秀英", "", "否"],
                 ["", "102", "abc", "李建国", "12ab", "也许"],
                 ["1号楼", "101", 50, "", "", "否"],
                 ["1号楼", "103", -3, "张桂兰", "", "否"])
    assert refused.value.extra["field"] == "file"
    building, unit, area, owner, phone, developer = (str(c) for c in COLUMNS)
    assert [(p["row"], p["column"]) for p in refused.value.extra["rows"]] == [
        (3, building), (3, area), (3, phone), (3, developer), (4, owner), (4, unit), (5, area)]
    assert "2" in refused.value.extra["rows"][5]["message"]  # the row it repeats
    assert not Building.objects.exists() and not Owner.objects.exists() and not Unit.objects.exists()


def test_a_refused_sheet_leaves_the_registry_as_it_was(world, place):
    imported(world, place, *SHEET)
    before = registry(place)
    with pytest.raises(InvalidInput):
        imported(world, place, ["1号楼", "1单元101", 99, "新业主", "", "否"],
                 ["3号楼", "301", "12.345", "赵", "", "否"])
    with pytest.raises(InvalidInput):  # a second developer: refused after reading, inside the transaction
        imported(world, place, ["3号楼", "301", 40, "新业主", "", "否"], ["3号楼", "302", 40, "万科", "", "是"])
    assert registry(place) == before and not Building.objects.filter(name="3号楼").exists()
    assert not Owner.objects.filter(name="新业主").exists()


def test_a_second_developer_is_refused_with_every_row_that_names_one(world, place):
    with pytest.raises(InvalidInput) as refused:
        imported(world, place, ["1号楼", "101", 50, "海信地产", "", "是"], ["1号楼", "102", 50, "万科", "", "是"],
                 ["1号楼", "103", 50, "王芳", "", "否"], ["1号楼", "104", 50, "鲁商", "", "是"])
    assert [p["row"] for p in refused.value.extra["rows"]] == [3, 5]
    assert "海信地产" in refused.value.extra["rows"][0]["message"]
    imported(world, place, ["1号楼", "101", 50, "海信地产", "", "是"])
    with pytest.raises(InvalidInput) as refused:
        imported(world, place, ["1号楼", "102", 50, "万科", "", "是"])
    assert refused.value.extra["rows"][0]["row"] == 2 and not Owner.objects.filter(name="万科").exists()


def test_the_developers_name_cannot_be_a_buyers(world, place):
    with pytest.raises(InvalidInput) as refused:
        imported(world, place, ["1号楼", "101", 50, "海信地产", "", "是"], ["1号楼", "102", 50, "海信地产", "", "否"])
    assert [p["row"] for p in refused.value.extra["rows"]] == [3]
    imported(world, place, ["1号楼", "101", 50, "海信地产", "", "否"])  # first registered as a buyer
    with pytest.raises(InvalidInput) as refused:
        imported(world, place, ["1号楼", "102", 50, "海信地产", "", "是"])
    assert [p["row"] for p in refused.value.extra["rows"]] == [2]
    assert Unit.objects.count() == 1 and not Owner.objects.filter(is_developer=True).exists()


def test_a_sheet_for_a_compound_out_of_scope_reads_as_missing(world, place):
    for user in (world.staff_b, world.resident_a, world.member_a):
        with pytest.raises(NotFound):
            imported(world, place, *SHEET, actor=user)
    assert not Unit.objects.exists()
    assert imported(world, place, *SHEET, actor=world.street_officer).added == 5


def test_a_bad_sheet_for_a_compound_out_of_scope_still_reads_as_missing(world, place):
    with pytest.raises(NotFound):
        units_import(actor=world.staff_b, compound_id=place.pk, data=b"not a workbook")


def test_the_kind_of_a_compound_changes_and_a_made_up_kind_is_refused(world, place):
    compound_update(actor=world.staff_a, compound_id=place.pk, kind="closed")
    place.refresh_from_db()
    assert place.kind == "closed"
    with pytest.raises(InvalidInput) as refused:
        compound_update(actor=world.staff_a, compound_id=place.pk, kind="gated")
    place.refresh_from_db()
    assert refused.value.extra["field"] == "kind" and place.kind == "closed"


def test_owner_choices_leave_out_the_developer_and_match_a_name_or_a_unit(world):
    place = yard(world.a)
    assert sorted(o.name for o in owner_choices(place.compound)) == sorted(["李建国", "张桂兰", "王秀英", "赵志刚"])
    assert [o.name for o in owner_choices(place.compound, query="10")] == ["王秀英"]  # 101 and 102: once
    assert [o.name for o in owner_choices(place.compound, query="建国")] == ["李建国"]
    assert len(owner_choices(place.compound, limit=2)) == 2


# -- the committee in office ---------------------------------------------------------------------------------------

@pytest.fixture
def owners(world):
    return yard(world.a, SMALL + [("3号楼", "101", "70.00", "刘洋", False), ("3号楼", "102", "65.00", "陈静", False)])


def test_a_committee_of_three_with_one_chair_is_registered(world, owners):
    term = committee(world.staff_a, owners)
    assert (term.number, term.state, term.starts_on, term.ends_on) == (1, "current", dt.date(2021, 6, 1),
                                                                       dt.date(2026, 6, 1))
    assert sorted(CommitteeMember.objects.filter(term=term).values_list("owner__name", "role")) == [
        ("张桂兰", "member"), ("李建国", "member"), ("王秀英", "chair")]
    assert compound_summary(owners.compound).committee == term


def test_a_committee_has_an_odd_number_of_members_at_least_three(world, owners):
    for names in (("王秀英",), ("王秀英", "李建国"), ("王秀英", "李建国", "张桂兰", "赵志刚"), (),
                  ("王秀英", "王秀英", "李建国")):
        with pytest.raises(InvalidInput) as refused:
            committee(world.staff_a, owners, names=names)
        assert refused.value.extra["field"] == "members", names
    assert not CommitteeTerm.objects.exists()


def test_five_members_are_allowed(world, owners):
    term = committee(world.staff_a, owners, names=("王秀英", "李建国", "张桂兰", "赵志刚", "刘洋"))
    assert term.members.count() == 5


def test_a_committee_has_one_chair_and_known_roles(world, owners):
    for roles in (("member", "member", "member"), ("chair", "chair", "member"), ("chair", "boss", "member")):
        members = [(owners.owner(n).pk, r) for n, r in zip(("王秀英", "李建国", "张桂兰"), roles, strict=True)]
        with pytest.raises(InvalidInput) as refused:
            _register(world, owners, members=members)
        assert refused.value.extra["field"] == "members", roles
    assert not CommitteeTerm.objects.exists()


def test_members_are_owners_of_the_compound_but_not_the_developer(world, owners):
    other = yard(world.a, [("1号楼", "101", "50", "外院业主", False)], name="仰口路19号院")
    for stranger in (owners.owner("海信地产").pk, other.owner("外院业主").pk, 987654):
        members = [(owners.owner("王秀英").pk, "chair"), (owners.owner("李建国").pk, "member"), (stranger, "member")]
        with pytest.raises(InvalidInput) as refused:
            _register(world, owners, members=members)
        assert refused.value.extra["field"] == "members"


TERMS = [
    ("2021-06-01", "2026-06-01", True),
    ("2021-06-01", "2026-06-02", False),
    ("2024-02-29", "2029-02-28", True),  # five years from 29 February end on the 28th
    ("2024-02-29", "2029-03-01", False),
    ("2023-03-01", "2028-02-29", True),
    ("2021-06-01", "2021-06-01", False),
    ("2021-06-01", "2021-05-31", False),
    ("2021-06-01", "next year", False),
]


def test_a_term_is_at_most_five_years(world, owners):
    for starts, ends, ok in TERMS:
        if ok:
            term = _register(world, owners, starts_on=starts, ends_on=ends)
            assert term.ends_on == dt.date.fromisoformat(ends)
            term.delete()
        else:
            with pytest.raises(InvalidInput) as refused:
                _register(world, owners, starts_on=starts, ends_on=ends)
            assert refused.value.extra["field"] == "ends_on", (starts, ends)
            assert not CommitteeTerm.objects.exists()


def test_one_committee_in_office_and_each_term_number_once(world, owners):
    term = committee(world.staff_a, owners)
    with pytest.raises(InvalidInput):
        committee(world.staff_a, owners, number=2)
    CommitteeTerm.objects.filter(pk=term.pk).update(state="former")
    with pytest.raises(InvalidInput) as refused:
        committee(world.staff_a, owners, number=1, starts=dt.date(2026, 6, 1), ends=dt.date(2031, 6, 1))
    assert refused.value.extra["field"] == "number"
    for number in (0, -1, "二", None, 40000):
        with pytest.raises(InvalidInput) as refused:
            committee(world.staff_a, owners, number=number, starts=dt.date(2026, 6, 1), ends=dt.date(2031, 6, 1))
        assert refused.value.extra["field"] == "number"
    second = committee(world.staff_a, owners, number="2", starts=dt.date(2026, 6, 1), ends=dt.date(2031, 6, 1))
    assert second.number == 2


def test_a_committee_out_of_scope_reads_as_missing(world, owners):
    with pytest.raises(NotFound):
        committee(world.staff_b, owners)
    assert not CommitteeTerm.objects.exists()


def _register(world, owners, **kw):
    values = {"number": 1, "starts_on": "2021-06-01", "ends_on": "2026-06-01",
              "members": [(owners.owner(n).pk, "chair" if i == 0 else "member")
                          for i, n in enumerate(("王秀英", "李建国", "张桂兰"))]} | kw
    return committee_register(actor=fresh(world.staff_a), compound_id=owners.compound.pk, **values)
