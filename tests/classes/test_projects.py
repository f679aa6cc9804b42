"""Class projects: opening one for a class, its milestones, and closing it with a result for its wishes."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from sanji.classes.models import ClassProject, Milestone, ProjectEvent
from sanji.classes.services import milestone_add, milestone_done, project_close, project_open
from sanji.core import clock
from sanji.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from sanji.core.models import Claimer, ClaimerKind
from sanji.notices.models import Notice
from sanji.wishes.models import Wish

from ..factories import area, fresh, resident
from ..wishes.helpers import act
from .helpers import WHEELCHAIR, claimer, class_of, regroup, seed, street_claimer, today, wish_of

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def made(world):
    made = seed(world)
    made["w"] = class_of(made["wheelchair"][0])
    return made


def opened(world, made, actor=None, **kw):
    values = {"title": "轮椅维修日", "goal": "修好每一辆坏轮椅", "lead_id": street_claimer(world).pk} | kw
    return project_open(actor=fresh(actor or world.district_admin), class_id=made["w"].pk, **values)


def later(days: int) -> dt.date:
    return today() + dt.timedelta(days=days)


def actions(wish) -> list[str]:
    return list(Wish.objects.get(pk=wish.pk).events.order_by("at", "pk").values_list("action", flat=True))


def test_a_project_answers_the_open_wishes_of_the_class(world, made):
    project = opened(world, made, due_date=later(30), milestones=[("联系维修师傅", later(7)), ("上门维修", later(14))])
    assert project.state == "open" and project.area == world.district and project.due_date == later(30)
    assert set(project.wishes.all()) == set(made["wheelchair"])
    assert list(project.milestones.values_list("title", "due_date")) == [("联系维修师傅", later(7)),
                                                                          ("上门维修", later(14))]
    assert list(project.events.values_list("action", "actor")) == [("open", world.district_admin.pk)]
    assert all(actions(w)[-1] == "project" for w in made["wheelchair"])
    assert {w.state for w in Wish.objects.filter(pk__in=[w.pk for w in made["wheelchair"]])} == {"submitted"}


@pytest.mark.parametrize("lead", [ClaimerKind.PARTY_ORG, ClaimerKind.PARTNER_UNIT, ClaimerKind.STREET])
def test_the_lead_may_be_an_agency_org_a_partner_unit_or_a_street(world, made, lead):
    project = opened(world, made, lead_id=claimer(lead).pk)
    assert project.lead.kind == lead


@pytest.mark.parametrize("lead", ["member", "community", "unknown", "", "x"])
def test_other_leads_are_refused(world, made, lead):
    lead_id = {"member": fresh(world.member_a).party_member.claimer.pk,
               "community": Claimer.objects.get(kind=ClaimerKind.COMMUNITY, area=world.a).pk,
               "unknown": 987654, "": "", "x": "x"}[lead]
    with pytest.raises(InvalidInput) as refused:
        opened(world, made, lead_id=lead_id)
    assert refused.value.extra["field"] == "lead" and not ClassProject.objects.exists()


@pytest.mark.parametrize("values, field", [
    ({"title": " "}, "title"),
    ({"goal": ""}, "goal"),
    ({"title": "长" * 81}, "title"),
    ({"due_date": "2020-01-01"}, "due_date"),
    ({"due_date": "next week"}, "due_date"),
    ({"milestones": [("联系师傅", "2020-01-01")]}, "milestones.0"),
    ({"milestones": [("联系师傅", later(3)), ("", later(5))]}, "milestones.1"),
    ({"milestones": ["联系师傅"]}, "milestones"),
    ({"milestones": [("第", later(3))] * 13}, "milestones"),
])
def test_bad_project_input_names_the_field_and_opens_nothing(world, made, values, field):
    with pytest.raises(InvalidInput) as refused:
        opened(world, made, **values)
    assert refused.value.extra["field"] == field
    assert not ClassProject.objects.exists() and not Milestone.objects.exists()


def test_dates_are_read_as_days_of_the_local_calendar(world, made):
    with clock.at(dt.datetime(2026, 3, 10, 12, 0, tzinfo=SHANGHAI)):
        with pytest.raises(InvalidInput):
            opened(world, made, due_date="2026-03-09")
        assert opened(world, made, due_date="2026-03-10").due_date == dt.date(2026, 3, 10)


def test_yesterday_is_past_early_in_the_morning_too(world, made):
    two_in_the_morning = dt.datetime(2026, 3, 9, 18, 0, tzinfo=dt.UTC)  # in UTC, as the real clock gives it
    assert two_in_the_morning.astimezone(SHANGHAI).date() == dt.date(2026, 3, 10)
    with clock.at(two_in_the_morning), pytest.raises(InvalidInput):
        opened(world, made, due_date="2026-03-09")


def test_a_class_has_one_project_under_way(world, made):
    opened(world, made)
    with pytest.raises(Conflict):
        opened(world, made, title="再来一个")
    assert ClassProject.objects.count() == 1


def test_only_wishes_still_waiting_and_in_the_area_are_taken_up(world, made):
    second = area("湛山二街道", "street", world.district)
    far = area("远处社区", "community", second)
    far_resident = resident(far, name="赵敏", gender="female")
    far_wish = wish_of(world.district_admin, WHEELCHAIR[0], resident=far_resident.pk)
    regroup(world)
    assert class_of(far_wish) == made["w"]
    act(made["wheelchair"][0], "reject", world.staff_a, reason="重复")
    project = opened(world, made, actor=world.street_officer)
    assert project.area == world.street
    assert set(project.wishes.all()) == set(made["wheelchair"][1:])
    project_close(actor=world.street_officer, project_id=project.pk, outcome="unresolved", result="转区里")
    everywhere = opened(world, made, actor=world.district_admin, area_id=second.pk, title="远处")
    assert list(everywhere.wishes.all()) == [far_wish]


def test_a_street_officer_cannot_open_a_project_for_the_district(world, made):
    with pytest.raises(InvalidInput) as refused:
        opened(world, made, actor=world.street_officer, area_id=world.district.pk)
    assert refused.value.extra["field"] == "area"
    with pytest.raises(InvalidInput):
        opened(world, made, area_id=world.a.pk)  # a community is not a project's area


def test_a_class_with_nothing_left_to_answer_cannot_be_promoted(world, made):
    for wish in made["wheelchair"]:
        act(wish, "withdraw", world.resident_a if wish.community == world.a else world.resident_b)
    with pytest.raises(InvalidInput) as refused:
        opened(world, made)
    assert refused.value.extra["field"] == "area"


def test_only_managers_open_projects(world, made):
    with pytest.raises(Forbidden):
        opened(world, made, actor=world.staff_a)
    for user in (world.resident_a, world.member_a, world.outsider):
        with pytest.raises(NotFound):
            opened(world, made, actor=user)
    assert not ClassProject.objects.exists()


def test_milestones_are_added_and_done_once(world, made):
    project = opened(world, made)
    milestone = milestone_add(actor=world.district_admin, project_id=project.pk, title="上门维修", due_date=later(5))
    assert list(project.milestones.all()) == [milestone]
    done = milestone_done(actor=world.district_admin, project_id=project.pk, milestone_id=milestone.pk, note="修好3辆")
    assert done.done_at is not None and done.note == "修好3辆"
    with pytest.raises(Conflict):
        milestone_done(actor=world.district_admin, project_id=project.pk, milestone_id=milestone.pk)
    assert list(project.events.values_list("action", flat=True)) == ["open", "milestone_add", "milestone_done"]


def test_bad_milestones_are_refused(world, made):
    project = opened(world, made)
    bad = (("", later(1), "title"), ("上门", "2020-01-01", "due_date"), ("上门", "soon", "due_date"))
    for title, due, field in bad:
        with pytest.raises(InvalidInput) as refused:
            milestone_add(actor=world.district_admin, project_id=project.pk, title=title, due_date=due)
        assert refused.value.extra["field"] == field
    with pytest.raises(NotFound):
        milestone_done(actor=world.district_admin, project_id=project.pk, milestone_id=987654)
    assert not project.milestones.exists()


def test_a_project_is_run_by_managers_of_its_area(world, made):
    project = opened(world, made)  # the district's
    with pytest.raises(Forbidden):
        milestone_add(actor=world.street_officer, project_id=project.pk, title="上门", due_date=later(1))
    with pytest.raises(Forbidden):
        project_close(actor=world.staff_a, project_id=project.pk, outcome="resolved", result="修好了")
    with pytest.raises(NotFound):
        project_close(actor=world.resident_a, project_id=project.pk, outcome="resolved", result="修好了")
    assert ClassProject.objects.get().state == "open" and not project.milestones.exists()
    project_close(actor=world.district_admin, project_id=project.pk, outcome="unresolved", result="转给街道")
    street = opened(world, made, actor=world.street_officer, title="街道的")
    milestone_add(actor=world.street_officer, project_id=street.pk, title="上门", due_date=later(1))
    milestone_add(actor=world.district_admin, project_id=street.pk, title="回访", due_date=later(2))
    assert street.milestones.count() == 2


@pytest.fixture
def project_in_states(world, made):
    """A project over four wheelchair wishes: one waiting, one on the board, one claimed, one closed by now."""
    last = wish_of(world.resident_a, "轮椅坏了，能不能帮忙修修")
    regroup(world)
    waiting, on_board, claimed = made["wheelchair"][2], made["wheelchair"][1], made["wheelchair"][0]
    project = opened(world, made)
    assert project.wishes.count() == 4
    act(on_board, "approve", world.staff_b)
    act(act(claimed, "approve", world.staff_a), "claim", world.member_a)
    for step, user, params in (("approve", world.staff_a, {}), ("claim", world.member_a, {}),
                               ("start", world.member_a, {}), ("fulfil", world.member_a, {"note": "已修好"}),
                               ("confirm", world.resident_a, {"satisfaction": "satisfied"})):
        act(last, step, user, **params)
    return project, {"waiting": waiting, "on_board": on_board, "claimed": claimed, "closed": last}


def test_closing_resolved_reports_each_waiting_wish_fulfilled(world, project_in_states):
    project, wishes = project_in_states
    first_notice = Notice.objects.order_by("-pk").values_list("pk", flat=True).first()
    closed = project_close(actor=world.district_admin, project_id=project.pk, outcome="resolved",
                           result="师傅上门修好了4辆轮椅")
    assert (closed.state, closed.outcome, closed.result) == ("closed", "resolved", "师傅上门修好了4辆轮椅")
    assert closed.closed_at is not None
    for name in ("waiting", "on_board", "claimed"):
        wish = Wish.objects.get(pk=wishes[name].pk)
        assert wish.state == "fulfilled" and "师傅上门修好了4辆轮椅" in wish.fulfilment_note, name
        assert wish.fulfilled_at is not None and wish.followup_due is not None
        assert actions(wish)[-1] == "answer"
    notified = Notice.objects.filter(pk__gt=first_notice, kind="wish_fulfilled")
    assert {(n.recipient_id, n.params["id"]) for n in notified} == {
        (wishes["waiting"].beneficiary.user_id, wishes["waiting"].pk),
        (wishes["on_board"].beneficiary.user_id, wishes["on_board"].pk),
        (wishes["claimed"].beneficiary.user_id, wishes["claimed"].pk),
    }
    assert {wishes["on_board"].beneficiary.user_id} == {world.resident_b.pk}
    assert list(project.events.values_list("action", flat=True)) == ["open", "close"]


def test_a_wish_closed_meanwhile_only_gets_the_result(world, project_in_states):
    project, wishes = project_in_states
    before = actions(wishes["closed"])
    project_close(actor=world.district_admin, project_id=project.pk, outcome="resolved", result="修好了")
    wish = Wish.objects.get(pk=wishes["closed"].pk)
    assert wish.state == "closed" and wish.fulfilment_note == "已修好"
    assert actions(wish) == [*before, "project_result"]
    event = wish.events.get(action="project_result")
    assert event.from_state == event.to_state == "closed" and "修好了" in event.note


def test_the_resident_confirms_a_wish_the_project_answered(world, project_in_states):
    project, wishes = project_in_states
    project_close(actor=world.district_admin, project_id=project.pk, outcome="resolved", result="修好了")
    closed = act(wishes["claimed"], "confirm", world.resident_a, satisfaction="satisfied")
    assert closed.state == "closed" and closed.closed_at is not None and closed.satisfaction == "satisfied"
    assert not closed.claims.filter(active=True).exists()


@pytest.mark.parametrize("outcome", ["partly", "unresolved"])
def test_closing_otherwise_leaves_each_wish_where_it_is_with_the_result(world, project_in_states, outcome):
    project, wishes = project_in_states
    states = {name: Wish.objects.get(pk=w.pk).state for name, w in wishes.items()}
    notices = Notice.objects.count()
    project_close(actor=world.district_admin, project_id=project.pk, outcome=outcome, result="只修好了一部分")
    for name, wish in wishes.items():
        wish = Wish.objects.get(pk=wish.pk)
        assert wish.state == states[name] and actions(wish)[-1] == "project_result"
        assert "只修好了一部分" in wish.events.get(action="project_result").note
    assert Notice.objects.count() == notices
    assert ClassProject.objects.get().outcome == outcome


def test_a_closed_project_cannot_be_closed_or_changed_again(world, project_in_states):
    project, wishes = project_in_states
    project_close(actor=world.district_admin, project_id=project.pk, outcome="partly", result="一部分")
    with pytest.raises(Conflict):
        project_close(actor=world.district_admin, project_id=project.pk, outcome="resolved", result="全部")
    with pytest.raises(Conflict):
        milestone_add(actor=world.district_admin, project_id=project.pk, title="上门", due_date=later(1))
    assert ClassProject.objects.get().outcome == "partly"
    assert ProjectEvent.objects.filter(action="close").count() == 1


@pytest.mark.parametrize("outcome, result, field", [("done", "修好了", "outcome"), ("", "修好了", "outcome"),
                                                    ("resolved", "  ", "result")])
def test_closing_needs_an_outcome_and_a_result(world, project_in_states, outcome, result, field):
    project, wishes = project_in_states
    with pytest.raises(InvalidInput) as refused:
        project_close(actor=world.district_admin, project_id=project.pk, outcome=outcome, result=result)
    assert refused.value.extra["field"] == field
    assert ClassProject.objects.get().state == "open"
    assert Wish.objects.get(pk=wishes["waiting"].pk).state == "submitted"


def test_a_new_project_may_follow_a_closed_one(world, made):
    first = opened(world, made)
    project_close(actor=world.district_admin, project_id=first.pk, outcome="unresolved", result="没有师傅")
    second = opened(world, made, title="第二次")
    assert second.pk != first.pk and set(second.wishes.all()) == set(made["wheelchair"])
