from django.urls import reverse

from sanji.notices.models import Notice
from sanji.notices.services import notices_deliver, notices_queue

from ..factories import UserFactory


def test_the_inbox_shows_delivered_notices_and_marks_them_read(client, db):
    person = UserFactory(username="he")
    other = UserFactory(username="other")
    notices_queue(recipients=[person], kind="wish_fulfilled", params={"id": 12}, key="a", url="/wishes/12/")
    notices_queue(recipients=[other], kind="wish_fulfilled", params={"id": 99}, key="b")
    client.force_login(person)
    assert "#12" not in client.get(reverse("notices:inbox")).content.decode()  # not delivered yet
    notices_deliver()
    page = client.get(reverse("notices:inbox")).content.decode()
    assert "#12" in page and "#99" not in page
    assert 'class="badge"' in client.get(reverse("home")).content.decode()
    response = client.post(reverse("notices:read"), {"notice": Notice.objects.get(recipient=person).pk})
    assert response.status_code == 302
    assert Notice.objects.get(recipient=person).read_at is not None
    assert Notice.objects.get(recipient=other).read_at is None


def test_marking_someone_elses_notice_changes_nothing(client, db):
    person = UserFactory(username="he")
    other = UserFactory(username="other")
    notices_queue(recipients=[other], kind="wish_fulfilled", params={"id": 99}, key="b")
    notices_deliver()
    client.force_login(person)
    client.post(reverse("notices:read"), {"notice": Notice.objects.get().pk})
    assert client.post(reverse("notices:read"), {"notice": "abc"}).status_code == 404
    assert client.post(reverse("notices:read"), {"next": "//evil.example"})["Location"] == reverse("notices:inbox")
    assert Notice.objects.get().read_at is None


def test_next_must_stay_on_this_site(client, db):
    client.force_login(UserFactory(username="he"))
    for target in ("//evil.example", "/\\evil.example", "https://evil.example/"):
        assert client.post(reverse("notices:read"), {"next": target})["Location"] == reverse("notices:inbox")
    assert client.post(reverse("notices:read"), {"next": "/wishes/"})["Location"] == "/wishes/"


def test_an_escalation_digest_links_each_wish(client, world):
    import datetime as dt

    from sanji.core import clock
    from sanji.core.models import RoleGrant
    from sanji.dispatch.escalation import escalate_overdue

    from ..wishes.helpers import submit

    RoleGrant.objects.filter(user=world.street_officer).delete()  # nobody at the street: the district is told
    wish = submit(world)
    escalate_overdue(now=clock.now() + dt.timedelta(days=3))
    notices_deliver()
    client.force_login(world.district_admin)
    page = client.get(reverse("notices:inbox")).content.decode()
    assert f'href="/wishes/{wish.pk}/"' in page
    assert "没有街道干部账号" in page
