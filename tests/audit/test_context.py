"""The actor and the source of each entry: a page, the API's bearer token, a command, a background job."""

import datetime as dt

from django.core.management import call_command

from sanji import worker
from sanji.audit import context
from sanji.audit.models import AuditEntry
from sanji.core import clock
from sanji.core.models import ApiToken, PriorityGroup
from sanji.dispatch.tasks import escalate_overdue

from ..wishes.helpers import submit
from .helpers import last_entry


def test_a_wish_approved_on_its_page_names_the_staff_member(world, client):
    wish = submit(world)
    client.force_login(world.staff_a)
    response = client.post(f"/wishes/{wish.pk}/act/approve/", {"note": ""})
    assert response.status_code == 302
    entry = last_entry(wish, "update")
    assert entry.changes["state"] == ["submitted", "published"]
    assert (entry.actor, entry.source, entry.ip) == (world.staff_a, "web", "127.0.0.1")
    assert len(entry.request_id) == 32
    assert context.current().source == "system"  # nothing of the request stays behind


def test_a_change_through_the_api_names_the_token_holder(world, client):
    wish = submit(world)
    raw = ApiToken.new_raw()
    ApiToken.objects.create(user=world.staff_a, digest=ApiToken.digest_of(raw))
    response = client.post(f"/api/v1/wishes/{wish.pk}/actions/approve", {}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200, response.content
    entry = last_entry(wish, "update")
    assert (entry.actor, entry.source) == (world.staff_a, "api")


def test_an_anonymous_request_names_nobody(world, client):
    before = AuditEntry.objects.count()
    client.get("/board/")
    assert AuditEntry.objects.count() == before  # a page that changes nothing writes nothing


def test_a_command_is_named_with_its_operator(db):
    call_command("shell", command="from sanji.core.models import PriorityGroup; "
                                  "PriorityGroup.objects.create(code='cli_test', name='命令行')")
    entry = last_entry(PriorityGroup.objects.get(code="cli_test"), "create")
    assert entry.source == "cli:shell" and entry.actor is None
    assert entry.actor_label  # the operating-system account that ran it


def test_an_in_process_job_is_named_by_its_task(db):
    job = worker.Job("sanji.test.job", lambda: PriorityGroup.objects.create(code="job_test", name="后台"), 60)
    worker._run(job)
    entry = last_entry(PriorityGroup.objects.get(code="job_test"), "create")
    assert (entry.source, entry.actor) == ("task:sanji.test.job", None)


def test_a_celery_task_is_named_by_its_task(world):
    wish = submit(world)
    with clock.at(wish.review_due + dt.timedelta(hours=1)):
        assert escalate_overdue.apply().get() == 1
    entry = last_entry(wish, "update")
    assert entry.source == "task:sanji.dispatch.escalate"
    assert entry.changes == {"escalation_level": ["community", "street"]}


def test_outside_any_edge_the_source_is_the_system(world):
    entry = last_entry(submit(world), "create")
    assert (entry.source, entry.actor, entry.actor_label) == ("system", None, "")


def test_a_user_named_outright_wins_over_the_request(world, rf):
    request = rf.get("/")
    request.user = world.outsider
    with context.for_request(request):
        assert context.current().user() == world.outsider
        with context.acting(actor=world.staff_a):
            assert context.current().user() == world.staff_a
    assert context.current().user() is None


def test_the_address_is_the_clients_behind_the_trusted_proxy_and_never_garbage(rf, settings):
    settings.SANJI_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9", REMOTE_ADDR="10.0.0.1")
    with context.for_request(request):
        assert context.current().ip == "203.0.113.9"
    with context.for_request(rf.get("/", HTTP_X_FORWARDED_FOR="not-an-address")):
        assert context.current().ip is None
