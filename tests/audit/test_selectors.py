"""Searching the log: only district administrators (their district) and superusers; every filter narrows."""

import datetime as dt

import pytest
from django.utils import timezone

from sanji.audit.context import acting
from sanji.audit.models import AuditEntry
from sanji.audit.selectors import audit_search, disclosure_search, parse_filters, search_areas
from sanji.audit.services import disclosure_record
from sanji.core.errors import InvalidInput, NotFound
from sanji.core.models import Resident, Role

from ..factories import UserFactory, area, fresh, resident, staff


@pytest.fixture
def two_districts(world):
    """A second district with its own resident and administrator; a change in each district, one in none."""
    other = area("崂山区", "district")
    other_street = area("中韩街道", "street", other)
    other_community = area("张村河社区", "community", other_street)
    other_admin = staff(other, Role.DISTRICT_ADMIN, username="other-admin")
    with acting(actor=fresh(world.staff_a)):
        here = resident(world.a, name="马秀兰", phone="13600001111")
    with acting(actor=other_admin):
        there = resident(other_community, name="刘建国", phone="13600002222")
    return {"district": other, "community": other_community, "admin": fresh(other_admin), "here": here,
            "there": there}


def _ids(rows, model="core.resident"):
    return {r.object_id for r in rows if r.model == model}


def test_a_district_admin_sees_his_district_and_rows_of_no_area(world, two_districts):
    rows = list(audit_search(fresh(world.district_admin)))
    assert str(two_districts["here"].pk) in _ids(rows)
    assert str(two_districts["there"].pk) not in _ids(rows)
    assert any(r.area_id is None for r in rows)  # logins: no area
    theirs = list(audit_search(two_districts["admin"]))
    assert _ids(theirs) == {str(two_districts["there"].pk)}


@pytest.mark.parametrize("who", ["street_officer", "staff_a", "member_a", "resident_a", "outsider"])
def test_nobody_else_may_search(world, who):
    user = fresh(getattr(world, who))
    for search in (audit_search, disclosure_search, search_areas):
        with pytest.raises(NotFound):
            search(user)
    with pytest.raises(NotFound):
        parse_filters(user, {})


def test_a_superuser_sees_every_district(world, two_districts):
    root = UserFactory(username="root", is_superuser=True)
    assert {str(two_districts["here"].pk), str(two_districts["there"].pk)} <= _ids(audit_search(root))
    assert search_areas(root).filter(pk=two_districts["community"].pk).exists()


def test_filters_narrow_the_rows(world, two_districts):
    admin = fresh(world.district_admin)
    mine = two_districts["here"]
    by_object = audit_search(admin, model="core.resident", object_id=str(mine.pk))
    assert [(r.action, r.object_repr) for r in by_object] == [("create", "马秀兰")]
    assert set(audit_search(admin, actor="staff-a").values_list("actor_id", flat=True)) == {world.staff_a.pk}
    assert set(audit_search(admin, actor=str(world.staff_a.pk)).values_list("actor_id", flat=True)) == {
        world.staff_a.pk}
    assert audit_search(admin, actor=fresh(world.staff_a).display_name).exists()
    assert set(audit_search(admin, action="add").values_list("action", flat=True)) == {"add"}
    assert set(audit_search(admin, q="马秀兰").values_list("object_id", flat=True)) == {str(mine.pk)}
    in_b = audit_search(admin, area=world.b)
    assert in_b.exists() and set(in_b.values_list("area_id", flat=True)) <= {world.b.pk}
    in_street = set(audit_search(admin, area=world.street).values_list("area_id", flat=True))
    assert {world.a.pk, world.b.pk} <= in_street and None not in in_street


def test_the_date_range_counts_whole_days_in_the_district(world):
    admin = fresh(world.district_admin)
    today = timezone.localdate()
    assert audit_search(admin, since=today, until=today).count() == audit_search(admin).count()
    assert not audit_search(admin, until=today - dt.timedelta(days=1)).exists()
    assert not audit_search(admin, since=today + dt.timedelta(days=1)).exists()


def test_rows_come_newest_first(world):
    rows = list(audit_search(fresh(world.district_admin))[:20])
    assert rows == sorted(rows, key=lambda r: (r.at, r.pk), reverse=True)


def test_raw_filters_are_read_or_refused_with_the_field_named(world, two_districts):
    admin = fresh(world.district_admin)
    f = parse_filters(admin, {"since": "2026-01-01", "until": "2026-01-31", "area": str(world.a.pk),
                              "model": "Core.Resident", "q": " 马 "})
    assert (f.since, f.until, f.area, f.model, f.q) == (dt.date(2026, 1, 1), dt.date(2026, 1, 31), world.a,
                                                        "core.resident", "马")
    for data, field in [({"since": "2026-13-01"}, "since"), ({"until": "yesterday"}, "until"),
                        ({"since": "2026-02-01", "until": "2026-01-01"}, "since"),
                        ({"area": str(two_districts["community"].pk)}, "area"), ({"area": "x"}, "area"),
                        ({"action": "explode"}, "action")]:
        with pytest.raises(InvalidInput) as refused:
            parse_filters(admin, data)
        assert refused.value.extra["field"] == field


def test_disclosures_are_searched_in_the_same_scope(world, two_districts):
    admin, other_admin = fresh(world.district_admin), two_districts["admin"]
    mine = disclosure_record(actor=fresh(world.staff_a), subject=two_districts["here"], fields=["phone"],
                             purpose="staff_review", purpose_ref="wish:7")
    theirs = disclosure_record(actor=other_admin, subject=two_districts["there"], fields=["address"],
                               purpose="admin_edit")
    assert list(disclosure_search(admin)) == [mine]
    assert list(disclosure_search(other_admin)) == [theirs]
    assert list(disclosure_search(admin, purpose="staff_review", q="wish:7", actor="staff-a")) == [mine]
    assert not disclosure_search(admin, purpose="admin_edit").exists()
    assert list(disclosure_search(admin, model="core.resident", object_id=str(two_districts["here"].pk))) == [mine]
    assert not disclosure_search(admin, area=world.b).exists()


def test_no_row_of_the_search_shows_a_phone(world, two_districts):
    text = " ".join(f"{r.object_repr} {r.changes}" for r in AuditEntry.objects.all())
    for phone in ("13600001111", "13600002222"):
        assert phone not in text
    assert Resident.objects.filter(pk=two_districts["here"].pk).exists()
