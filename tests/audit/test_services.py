"""disclosure_record, the bulk writer, and the rows that can only be added."""

import pytest
from django.db import transaction

from sanji.audit.context import acting
from sanji.audit.models import AppendOnly, AuditEntry, Disclosure
from sanji.audit.services import audit_record_bulk, disclosure_record
from sanji.core.models import PriorityGroup, Resident, User

from ..factories import UserFactory, fresh
from .helpers import entries_of, everything_logged, last_entry


def test_a_disclosure_records_who_saw_which_fields_of_whom_and_why(world):
    resident = Resident.objects.get(user=world.resident_a)
    staff = fresh(world.staff_a)
    with acting(source="web", request_id="abc", ip="10.0.0.8"):
        shown = disclosure_record(actor=staff, subject=resident, fields=["phone", "address", "phone"],
                                  purpose="wish_holder_contact", purpose_ref="wish:123")
    shown.refresh_from_db()
    assert (shown.actor, shown.actor_label, shown.source) == (staff, f"{staff.display_name} (staff-a)", "web")
    assert (shown.subject_model, shown.subject_id) == ("core.resident", str(resident.pk))
    assert (shown.fields, shown.purpose, shown.purpose_ref) == ("address,phone", "wish_holder_contact", "wish:123")
    assert (shown.area_id, shown.request_id, shown.ip) == (world.a.pk, "abc", "10.0.0.8")
    assert "13906428815" not in everything_logged()  # which fields were shown, never what they hold


def test_a_disclosure_of_a_login_has_no_area(world):
    shown = disclosure_record(actor=world.district_admin, subject=world.outsider, fields=("mobile",),
                              purpose="admin_edit")
    assert shown.area_id is None and shown.subject_model == "core.user"


@pytest.mark.parametrize("kwargs", [
    {"fields": []},
    {"fields": ["phone; drop"]},
    {"purpose": "Staff review"},
    {"purpose": ""},
])
def test_a_wrong_disclosure_call_is_refused(world, kwargs):
    resident = Resident.objects.get(user=world.resident_a)
    call = {"actor": world.staff_a, "subject": resident, "fields": ["phone"], "purpose": "staff_review", **kwargs}
    with pytest.raises(ValueError):
        disclosure_record(**call)
    assert not Disclosure.objects.exists()


def test_a_disclosure_needs_a_saved_subject(world):
    with pytest.raises(ValueError):
        disclosure_record(actor=world.staff_a, subject=Resident(name="x"), fields=["phone"], purpose="staff_review")


def test_rows_are_never_changed_or_deleted(world):
    entry = AuditEntry.objects.first()
    entry.object_repr = "rewritten"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr="rewritten")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).object_repr != "rewritten"


def test_deleting_a_user_keeps_the_rows_he_made_and_his_name(world):
    clerk = UserFactory(username="clerk", display_name="文员")
    with acting(actor=clerk):
        group = PriorityGroup.objects.create(code="temp", name="临时")
    shown = disclosure_record(actor=clerk, subject=Resident.objects.get(user=world.resident_a), fields=["phone"],
                              purpose="staff_review")
    clerk.delete()
    entry = last_entry(group, "create")
    shown.refresh_from_db()
    assert (entry.actor, entry.actor_label) == (None, "文员 (clerk)")
    assert (shown.actor, shown.actor_label) == (None, "文员 (clerk)")


def test_a_rolled_back_change_leaves_no_entry(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        PriorityGroup.objects.create(code="gone", name="回滚")
        raise RuntimeError
    assert not AuditEntry.objects.filter(model="core.prioritygroup", object_repr="回滚").exists()


def test_bulk_created_rows_are_recorded_in_one_insert(world, django_assert_num_queries):
    groups = PriorityGroup.objects.bulk_create([PriorityGroup(code=f"bulk{i}", name=f"批量{i}") for i in range(3)])
    with django_assert_num_queries(1):
        audit_record_bulk(PriorityGroup, action="create", instances=groups)
    assert [last_entry(g, "create").changes["code"] for g in groups] == [[None, "bulk0"], [None, "bulk1"],
                                                                           [None, "bulk2"]]


def test_bulk_updated_rows_are_compared_with_what_was_read(world):
    users = list(User.objects.filter(username__in=["staff-a", "staff-b"]).order_by("username"))
    users[0].is_active = False
    User.objects.bulk_update(users, ["is_active"])
    audit_record_bulk(User, action="update", instances=users, fields=["is_active"])
    assert last_entry(users[0], "update").changes == {"is_active": [True, False]}
    assert entries_of(users[1], "update") == []  # nothing changed: no entry


def test_only_tracked_models_can_be_recorded_in_bulk(world):
    with pytest.raises(ValueError):
        audit_record_bulk(AuditEntry, action="create", instances=[])
