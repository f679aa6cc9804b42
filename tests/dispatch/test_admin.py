"""The admin pages where the matrix, profiles, policies and the outbox are edited or inspected."""

from django.urls import reverse

from sanji.dispatch.models import Responsibility
from sanji.notices.models import Notice
from sanji.notices.services import notices_deliver, notices_queue
from sanji.wishes.models import DutyType

from ..factories import UserFactory


def superuser():
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_every_new_admin_page_opens(client, world):
    client.force_login(superuser())
    for name in ("dispatch_responsibility", "dispatch_claimerprofile", "dispatch_escalation",
                 "dispatch_dispatchbatch", "wishes_dutytype", "notices_notice", "wishes_wishpolicy"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
    repair = DutyType.objects.get(code="home_repair")
    page = client.get(reverse("admin:wishes_dutytype_change", args=[repair.pk])).content.decode()
    assert "responsibilities-TOTAL_FORMS" in page


def test_ranks_are_swapped_in_one_save_of_the_duty_type_page(client, world):
    client.force_login(superuser())
    repair = DutyType.objects.get(code="home_repair")
    rows = list(repair.responsibilities.order_by("rank"))
    data = {
        "code": repair.code, "name": repair.name, "category": repair.category_id, "position": repair.position,
        "responsibilities-TOTAL_FORMS": len(rows), "responsibilities-INITIAL_FORMS": len(rows),
        "responsibilities-MIN_NUM_FORMS": 0, "responsibilities-MAX_NUM_FORMS": 1000,
    }
    swapped = {rows[0].pk: rows[1].rank, rows[1].pk: rows[0].rank}
    for i, row in enumerate(rows):
        data |= {f"responsibilities-{i}-id": row.pk, f"responsibilities-{i}-duty_type": repair.pk,
                 f"responsibilities-{i}-level": row.level, f"responsibilities-{i}-rank": swapped.get(row.pk, row.rank)}
    response = client.post(reverse("admin:wishes_dutytype_change", args=[repair.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(Responsibility.objects.filter(duty_type=repair).order_by("rank", "level")
                .values_list("level", flat=True)) == ["units", "members", "community"]


def test_failed_notices_can_be_sent_again_from_the_admin(client, world, settings):
    settings.SANJI_NOTICE_CHANNELS = {**settings.SANJI_NOTICE_CHANNELS,
                                      "inbox": "tests.notices.test_services.Broken"}
    notices_queue(recipients=[world.staff_a], kind="wish_fulfilled", params={"id": 1}, key="x")
    Notice.objects.update(state="failed")
    client.force_login(superuser())
    response = client.post(reverse("admin:notices_notice_changelist"),
                           {"action": "retry", "_selected_action": list(Notice.objects.values_list("pk", flat=True))})
    assert response.status_code == 302
    assert set(Notice.objects.values_list("state", flat=True)) == {"pending"}
    settings.SANJI_NOTICE_CHANNELS = {**settings.SANJI_NOTICE_CHANNELS,
                                      "inbox": "sanji.notices.channels.InboxChannel"}
    assert notices_deliver().sent == 1
