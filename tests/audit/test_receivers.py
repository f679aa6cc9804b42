"""Every change to a tracked row leaves one entry with its actor and changed fields; personal data never shows."""

import datetime as dt

from django.contrib.auth.models import Group
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext

from sanji.audit.changes import REDACTED
from sanji.audit.context import acting
from sanji.audit.models import AuditEntry
from sanji.audit.receivers import saved
from sanji.audit.registry import spec_of
from sanji.core import services as core
from sanji.core.models import PartyMember, Resident, Role, RoleGrant, User, Volunteer
from sanji.dispatch.escalation import escalate_overdue
from sanji.wishes.models import Wish, WishPolicy
from sanji.wishes.transitions import transition

from ..factories import UserFactory, fresh
from ..wishes.helpers import act, submit
from .helpers import entries_of, everything_logged, last_entry

PHONE, ADDRESS = "13906428815", "仰口路17号2单元302户"


def test_a_new_resident_is_recorded_with_its_actor_and_never_its_phone_or_address(world):
    staff = fresh(world.staff_a)
    with acting(actor=staff, source="web"):
        resident = core.resident_create(name="张桂兰", community=world.a, phone="13912345678",
                                        address="仰口路9号1单元101户")
    entry = last_entry(resident, "create")
    assert (entry.actor, entry.source, entry.area_id) == (staff, "web", world.a.pk)
    assert entry.actor_label == f"{staff.display_name} (staff-a)"
    assert entry.object_repr == "张桂兰"
    assert entry.changes["name"] == [None, "张桂兰"]
    assert entry.changes["community"] == [None, world.a.pk]
    assert entry.changes["phone"] == REDACTED and entry.changes["address"] == REDACTED
    logged = everything_logged()
    for secret in ("13912345678", "仰口路9号", PHONE, ADDRESS):  # the world's residents too
        assert secret not in logged


def test_changing_a_phone_says_only_that_it_changed(world):
    resident = Resident.objects.get(user=world.resident_a)
    resident.phone = "13800001111"
    resident.save()
    entry = last_entry(resident, "update")
    assert entry.changes["phone"] == REDACTED
    assert set(entry.changes) <= {"phone", "phone_hash", "phone_tail_hash"}  # the lookup hashes, if any, too
    assert "13800001111" not in everything_logged() and PHONE not in everything_logged()


def test_every_personal_field_of_every_tracked_model_is_redacted():
    """Fields named as personal data, their lookup hashes, and encrypted fields: never a value in the log."""
    for model, name in [(Resident, "phone"), (Resident, "address"), (PartyMember, "phone"), (Volunteer, "phone"),
                        (User, "mobile"), (User, "password"), (User, "email")]:
        columns = {n: personal for n, _attname, personal in spec_of(model).columns}
        assert columns[name] is True, (model, name)
    resident_columns = {n: personal for n, _a, personal in spec_of(Resident).columns}
    assert resident_columns["name"] is False and resident_columns["community"] is False
    for name in ("id_number", "care_note", "phone_hash"):
        if name in resident_columns:  # the encrypted fields of personal data, once they exist
            assert resident_columns[name] is True


def test_an_update_records_old_and_new_values_and_nothing_when_nothing_changed(world):
    resident = Resident.objects.get(user=world.resident_a)
    resident.name = "林志刚"
    resident.save()
    assert last_entry(resident, "update").changes == {"name": ["林志强", "林志刚"]}
    resident.save()
    assert len(entries_of(resident, "update")) == 1


def test_a_deleted_row_is_recorded_with_its_last_values(world):
    volunteer = Volunteer.objects.create(name="青大学生甲", phone="13711112222", community=world.a)
    volunteer_id = volunteer.pk
    volunteer.delete()
    entry = AuditEntry.objects.get(model="core.volunteer", object_id=str(volunteer_id), action="delete")
    assert entry.changes["name"] == ["青大学生甲", None] and entry.changes["phone"] == REDACTED
    assert entry.area_id == world.a.pk
    assert "13711112222" not in everything_logged()


def test_a_login_records_its_flags_and_password_but_not_last_login(world):
    user = fresh(world.outsider)
    user.last_login = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    user.save(update_fields=["last_login"])
    assert entries_of(user, "update") == []
    user.is_active = False
    user.save()
    assert last_entry(user, "update").changes == {"is_active": [True, False]}
    user.set_password("a-new-secret-1")
    user.save()
    assert last_entry(user, "update").changes == {"password": REDACTED}
    assert user.password not in everything_logged()


def test_a_role_grant_is_recorded_in_its_area(world):
    grant = core.role_grant(user=fresh(world.outsider), role=Role.GRID_WORKER, area=world.a)
    entry = last_entry(grant, "create")
    assert entry.changes["role"] == [None, "grid_worker"] and entry.area_id == world.a.pk
    grant_id = grant.pk
    RoleGrant.objects.filter(pk=grant_id).delete()  # a queryset delete still sends a signal per row
    assert AuditEntry.objects.filter(model="core.rolegrant", object_id=str(grant_id), action="delete").exists()


def test_group_membership_is_recorded_from_either_side_and_on_clear(world):
    user = fresh(world.outsider)
    editors = Group.objects.create(name="editors")
    user.groups.add(editors)
    added = last_entry(user, "add")
    assert added.changes == {"groups": [[editors.pk, "editors"]]}
    editors.user_set.remove(user)  # from the group's side: still recorded on the user
    removed = last_entry(user, "remove")
    assert removed.changes == {"groups": [[editors.pk, "editors"]]}
    user.groups.add(editors)
    user.groups.clear()
    assert last_entry(user, "remove").changes == {"groups": [[editors.pk, "editors"]]}
    assert len(entries_of(user, "remove")) == 2


def test_priority_groups_of_a_resident_are_recorded(world):
    from sanji.core.models import PriorityGroup

    resident = Resident.objects.get(user=world.resident_a)
    elderly = PriorityGroup.objects.get(code="elderly")
    resident.priority_groups.add(elderly)
    assert last_entry(resident, "add").changes == {"priority_groups": [[elderly.pk, str(elderly)]]}
    assert last_entry(resident, "add").area_id == world.a.pk


def test_a_wish_transition_records_the_state_change(world):
    wish = submit(world)
    assert last_entry(wish, "create").changes["state"] == [None, "submitted"]
    with acting(actor=fresh(world.staff_a), source="web"):
        act(wish, "approve", world.staff_a)
    entry = last_entry(wish, "update")
    assert entry.changes["state"] == ["submitted", "published"]
    assert entry.actor == world.staff_a and entry.area_id == world.a.pk
    assert "escalate_at" not in entry.changes  # a scheduling field, not a change by a person


def test_recording_a_transition_costs_at_most_two_queries(world, django_assert_max_num_queries):
    """The same approval, without and with the wish's receiver: the log adds one insert (at most two queries)."""
    staff = fresh(world.staff_a)
    first, second = submit(world), submit(world)
    transition(wish_id=submit(world).pk, action="approve", actor=staff)  # warm the per-user caches
    post_save.disconnect(sender=Wish, dispatch_uid="audit-save-wishes.wish")
    try:
        with CaptureQueriesContext(connection) as without_log:
            transition(wish_id=first.pk, action="approve", actor=staff)
    finally:
        post_save.connect(saved, sender=Wish, dispatch_uid="audit-save-wishes.wish")
    assert entries_of(first, "update") == []
    with CaptureQueriesContext(connection) as seen, \
            django_assert_max_num_queries(len(without_log.captured_queries) + 2):
        transition(wish_id=second.pk, action="approve", actor=staff)
    assert len([q for q in seen.captured_queries if "audit_" in q["sql"]]) == 1  # the area is read off the row
    assert len(entries_of(second, "update")) == 1


def test_the_escalation_scan_records_each_wish_it_escalates(world):
    wish = submit(world)
    later = wish.review_due + dt.timedelta(hours=1)
    assert escalate_overdue(now=later) == 1
    entry = last_entry(wish, "update")
    assert entry.changes == {"escalation_level": ["community", "street"]}
    assert entry.area_id == world.a.pk and entry.object_repr.startswith(f"#{wish.pk}")


def test_settings_are_recorded(world):
    policy = WishPolicy.objects.get(area__isnull=True)
    policy.claim_days = 9
    policy.save()
    assert last_entry(policy, "update").changes == {"claim_days": [7, 9]}


def test_untracked_tables_stay_out_of_the_log(world):
    before = AuditEntry.objects.count()
    submit(world)  # the wish is tracked; its event, rollups and facts are not
    labels = set(AuditEntry.objects.order_by("pk")[before:].values_list("model", flat=True))
    assert labels == {"wishes.wish"}


def test_a_user_deleting_rows_is_named_even_after_his_login_is_gone(world):
    actor = UserFactory(username="temp-admin", display_name="临时管理员")
    with acting(actor=actor):
        volunteer = Volunteer.objects.create(name="志愿者乙", community=world.a)
    entry = last_entry(volunteer, "create")
    actor.delete()
    entry.refresh_from_db()
    assert entry.actor is None and entry.actor_label == "临时管理员 (temp-admin)"
    assert AuditEntry.objects.filter(model="core.user", action="delete", object_repr="临时管理员").exists()


def test_reading_one_field_again_keeps_the_others_unsaved_changes_visible(world):
    resident = Resident.objects.get(user=world.resident_a)
    resident.name = "林志远"
    resident.refresh_from_db(fields=["gender"])
    resident.save()
    assert last_entry(resident, "update").changes == {"name": ["林志强", "林志远"]}
    resident.refresh_from_db()
    resident.save()
    assert len(entries_of(resident, "update")) == 1
