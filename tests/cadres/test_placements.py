"""While placed: the cadre's log, tasks, the two sides' evaluations and an early recall, each with who may and when.

The placement under test is 孙嘉怡's (区信访局) in 仰口路社区 (community A), 2026-03-16 to 2026-09-15.
"""

import datetime as dt

import pytest

from sanji.cadres.models import Evaluation, LogEntry, Placement, Task
from sanji.cadres.services import placements
from sanji.core import clock
from sanji.core.errors import Conflict, Forbidden, IllegalTransition, InvalidInput, NotFound
from tests.cadres.helpers import ENDS, STARTS, placed, placement_of
from tests.factories import fresh

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
DURING = dt.date(2026, 4, 1)
MIDPOINT = dt.date(2026, 6, 15)  # 183 days from start to end; half of it, counted in whole days
FINAL_OPENS = ENDS - dt.timedelta(days=30)



def at(day: dt.date, hour: int = 10):
    return clock.at(dt.datetime.combine(day, dt.time(hour), SHANGHAI))


@pytest.fixture
def sun(district):
    placed(district)
    return placement_of(district, "孙嘉怡")


def cadre(district, name="孙嘉怡"):
    return fresh(district.cadre_users[name])


def user_of(district, who):
    """Return a person of the little district by a short name: a cadre's name, a desk or a world role."""
    if who in district.cadre_users:
        return district.cadre_users[who]
    return getattr(district, who, None) or getattr(district.world, who)


def log(district, placement, *, day=DURING, on=None, who=None, **kw):
    args = {"kind": "work", "text": "走访独居老人", **kw}
    with at(day):
        return placements.log_add(actor=fresh(who) if who else cadre(district), placement_id=placement.pk,
                                  on=day if on is None else on, **args)


def field_of(excinfo) -> str:
    return excinfo.value.extra.get("field")


# --- log_add -------------------------------------------------------------------------------------------------------


def test_the_placed_cadre_keeps_the_log(district, sun):
    entry = log(district, sun, people="3")
    assert (entry.placement, entry.on, entry.kind, entry.people) == (sun, DURING, "work", 3)
    assert entry.created_at == dt.datetime.combine(DURING, dt.time(10), SHANGHAI)


@pytest.mark.parametrize("kind", ["dispute", "petition", "emergency"])
def test_disputes_petitions_and_emergencies_are_recorded_as_such(district, sun, kind):
    log(district, sun, kind=kind, people=12)
    assert LogEntry.objects.get(placement=sun).kind == kind


@pytest.mark.parametrize("who", ["staff_a", "street_officer", "district_admin"])
def test_the_community_side_does_not_write_the_cadres_log(district, sun, who):
    with pytest.raises(Forbidden):
        log(district, sun, who=getattr(district.world, who))


def test_the_home_agency_does_not_write_the_cadres_log(district, sun):
    with pytest.raises(Forbidden):
        log(district, sun, who=district.desk_petitions)


@pytest.mark.parametrize("who", ["staff_b", "outsider", "desk_civil", "李浩然"])
def test_people_out_of_scope_do_not_find_the_placement(district, sun, who):
    with pytest.raises(NotFound):
        log(district, sun, who=user_of(district, who))


def test_no_log_before_the_placement_starts(district, sun):
    with pytest.raises((IllegalTransition, InvalidInput)):
        log(district, sun, day=STARTS - dt.timedelta(days=1))


def test_the_log_runs_from_the_first_day_to_today(district, sun):
    assert log(district, sun, day=STARTS).on == STARTS
    assert log(district, sun, day=DURING, on=STARTS).on == STARTS
    assert log(district, sun, day=ENDS).on == ENDS


@pytest.mark.parametrize("on", [STARTS - dt.timedelta(days=1), DURING + dt.timedelta(days=1), "2026-13-01", ""])
def test_a_date_before_the_placement_or_in_the_future_is_refused(district, sun, on):
    with pytest.raises(InvalidInput) as excinfo:
        log(district, sun, on=on)
    assert field_of(excinfo) == "on"


def test_no_log_after_the_placement_ended(district, sun):
    with pytest.raises(IllegalTransition):
        log(district, sun, day=ENDS + dt.timedelta(days=1), on=ENDS)


@pytest.mark.parametrize("people", [-1, "many", 1.5, "2.0", 100_001, True])
def test_a_people_count_that_is_not_a_whole_number_is_refused(district, sun, people):
    with pytest.raises(InvalidInput) as excinfo:
        log(district, sun, people=people)
    assert field_of(excinfo) == "people"


@pytest.mark.parametrize("people", [None, "", 0, "0"])
def test_no_people_count_means_none(district, sun, people):
    assert log(district, sun, people=people).people == 0


def test_a_log_line_needs_a_known_kind_and_some_text(district, sun):
    with pytest.raises(InvalidInput) as excinfo:
        log(district, sun, kind="rumour")
    assert field_of(excinfo) == "kind"
    with pytest.raises(InvalidInput) as excinfo:
        log(district, sun, text="   ")
    assert field_of(excinfo) == "text"
    assert not LogEntry.objects.exists()


# --- task_assign, task_done -------------------------------------------------------------------------------------


def assign(placement, who, *, day=DURING, **kw):
    args = {"title": "排查楼院消防隐患", **kw}
    with at(day):
        return placements.task_assign(actor=fresh(who), placement_id=placement.pk, **args)


@pytest.mark.parametrize("who", ["staff_a", "street_officer", "district_admin"])
def test_the_community_side_gives_tasks(district, sun, who):
    task = assign(sun, getattr(district.world, who))
    assert (task.placement, task.assigned_by, task.done_at) == (sun, getattr(district.world, who), None)


def test_the_home_agency_desk_gives_tasks(district, sun):
    assert assign(sun, district.desk_petitions).assigned_by == district.desk_petitions


def test_the_cadre_does_not_give_himself_tasks(district, sun):
    with pytest.raises(Forbidden):
        assign(sun, district.cadre_users["孙嘉怡"])


@pytest.mark.parametrize("who", ["staff_b", "desk_civil", "outsider"])
def test_others_do_not_find_the_placement_to_task(district, sun, who):
    with pytest.raises(NotFound):
        assign(sun, user_of(district, who))
    assert not Task.objects.exists()


def test_no_task_before_the_placement_starts_or_after_it_ends(district, sun):
    with pytest.raises(IllegalTransition):
        assign(sun, district.world.staff_a, day=STARTS - dt.timedelta(days=1))
    with pytest.raises(IllegalTransition):
        assign(sun, district.world.staff_a, day=ENDS + dt.timedelta(days=1))


@pytest.mark.parametrize("due, kept", [
    (DURING, DURING), (ENDS, ENDS), ("2026-05-01", dt.date(2026, 5, 1)), (None, None), ("", None),
])
def test_a_task_is_due_between_today_and_the_last_day(district, sun, due, kept):
    assert assign(sun, district.world.staff_a, due_on=due).due_on == kept


@pytest.mark.parametrize("due", [DURING - dt.timedelta(days=1), ENDS + dt.timedelta(days=1), "soon"])
def test_a_due_date_in_the_past_or_after_the_placement_is_refused(district, sun, due):
    with pytest.raises(InvalidInput) as excinfo:
        assign(sun, district.world.staff_a, due_on=due)
    assert field_of(excinfo) == "due_on"


def test_a_task_needs_a_title(district, sun):
    with pytest.raises(InvalidInput) as excinfo:
        assign(sun, district.world.staff_a, title="")
    assert field_of(excinfo) == "title"


def done(district, task, *, who=None, note="已排查12栋楼"):
    with at(DURING):
        return placements.task_done(actor=fresh(who) if who else cadre(district), task_id=task.pk, note=note)


def test_only_the_cadre_marks_a_task_done_and_only_once(district, sun):
    task = assign(sun, district.world.staff_a)
    for who in (district.world.staff_a, district.desk_petitions):
        with pytest.raises(Forbidden):
            done(district, task, who=who)
    with pytest.raises(NotFound):
        done(district, task, who=district.cadre_users["李浩然"])
    finished = done(district, task)
    assert finished.done_note == "已排查12栋楼" and finished.done_at is not None
    with pytest.raises(IllegalTransition):
        done(district, task, note="again")
    assert Task.objects.get(pk=task.pk).done_note == "已排查12栋楼"


def test_a_task_is_done_with_a_note(district, sun):
    task = assign(sun, district.world.staff_a)
    with pytest.raises(InvalidInput) as excinfo:
        done(district, task, note=" ")
    assert field_of(excinfo) == "note"


def test_a_missing_task_and_a_task_out_of_scope_read_alike(district, sun):
    task = assign(sun, district.world.staff_a)
    with pytest.raises(NotFound):
        done(district, task, who=district.world.outsider)
    task.pk = task.pk + 1000
    with pytest.raises(NotFound):
        done(district, task, who=district.world.outsider)


# --- evaluation_record -----------------------------------------------------------------------------------------------


def evaluate(placement, who, *, day, stage="mid", side="community", grade="competent", **kw):
    with at(day):
        return placements.evaluation_record(actor=fresh(who), placement_id=placement.pk, stage=stage, side=side,
                                            grade=grade, **kw)


def test_the_midpoint_is_half_way_in_whole_days(sun):
    assert sun.midpoint == MIDPOINT


def test_the_mid_term_evaluation_opens_at_the_midpoint(district, sun):
    with pytest.raises(IllegalTransition):
        evaluate(sun, district.world.staff_a, day=MIDPOINT - dt.timedelta(days=1))
    assert evaluate(sun, district.world.staff_a, day=MIDPOINT).stage == "mid"


def test_the_final_evaluation_opens_30_days_before_the_last_day(district, sun):
    with pytest.raises(IllegalTransition):
        evaluate(sun, district.desk_petitions, day=FINAL_OPENS - dt.timedelta(days=1), stage="final", side="agency")
    got = evaluate(sun, district.desk_petitions, day=FINAL_OPENS, stage="final", side="agency", grade="excellent")
    assert (got.stage, got.side, got.grade, got.by) == ("final", "agency", "excellent", district.desk_petitions)


def test_the_final_evaluation_may_follow_the_end(district, sun):
    evaluate(sun, district.world.staff_a, day=ENDS + dt.timedelta(days=10), stage="final")


@pytest.mark.parametrize("who", ["staff_a", "street_officer", "district_admin"])
def test_the_community_side_evaluates_for_the_community(district, sun, who):
    assert evaluate(sun, getattr(district.world, who), day=MIDPOINT).side == "community"


def test_the_home_agency_desk_evaluates_for_the_agency(district, sun):
    assert evaluate(sun, district.desk_petitions, day=MIDPOINT, side="agency").side == "agency"


@pytest.mark.parametrize("who, side", [
    ("staff_a", "agency"), ("street_officer", "agency"), ("desk_petitions", "community"), ("孙嘉怡", "community"),
    ("孙嘉怡", "agency"),
])
def test_nobody_evaluates_for_the_other_side(district, sun, who, side):
    with pytest.raises(Forbidden):
        evaluate(sun, user_of(district, who), day=MIDPOINT, side=side)
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("who", ["staff_b", "desk_civil", "outsider"])
def test_others_do_not_find_the_placement_to_evaluate(district, sun, who):
    with pytest.raises(NotFound):
        evaluate(sun, user_of(district, who), day=MIDPOINT)


def test_each_side_evaluates_each_stage_once(district, sun):
    evaluate(sun, district.world.staff_a, day=MIDPOINT)
    evaluate(sun, district.desk_petitions, day=MIDPOINT, side="agency")
    with pytest.raises(Conflict) as excinfo:
        evaluate(sun, district.world.street_officer, day=MIDPOINT, grade="excellent")
    assert excinfo.type is Conflict
    with pytest.raises(Conflict):
        evaluate(sun, district.desk_petitions, day=MIDPOINT, side="agency")
    evaluate(sun, district.world.staff_a, day=FINAL_OPENS, stage="final")
    assert Evaluation.objects.filter(placement=sun).count() == 3
    assert Evaluation.objects.get(placement=sun, stage="mid", side="community").grade == "competent"


@pytest.mark.parametrize("field, value", [("stage", "end"), ("side", "resident"), ("grade", "A+")])
def test_an_evaluation_off_the_lists_is_refused(district, sun, field, value):
    with pytest.raises(InvalidInput) as excinfo:
        evaluate(sun, district.world.staff_a, day=MIDPOINT, **{field: value})
    assert field_of(excinfo) == field


# --- placement_recall --------------------------------------------------------------------------------------------


def recall(placement, who, *, day=DURING, on=None, reason="工作需要"):
    with at(day):
        return placements.placement_recall(actor=fresh(who), placement_id=placement.pk, on=on or day, reason=reason)


def test_the_district_recalls_a_cadre(district, sun):
    got = recall(sun, district.world.district_admin, reason="借调市委巡察")
    sun.refresh_from_db()
    assert (sun.recalled_on, sun.recall_reason, sun.last_day) == (DURING, "借调市委巡察", DURING)
    assert got.pk == sun.pk
    assert sun.is_active_on(DURING) and not sun.is_active_on(DURING + dt.timedelta(days=1))


@pytest.mark.parametrize("who", ["street_officer", "staff_a", "desk_petitions", "孙嘉怡"])
def test_nobody_below_the_district_recalls(district, sun, who):
    with pytest.raises(Forbidden):
        recall(sun, user_of(district, who))
    assert Placement.objects.get(pk=sun.pk).recalled_on is None


def test_an_outsider_does_not_find_the_placement_to_recall(district, sun):
    with pytest.raises(NotFound):
        recall(sun, district.world.outsider)


@pytest.mark.parametrize("on", [STARTS - dt.timedelta(days=1), ENDS, ENDS + dt.timedelta(days=1), "someday"])
def test_a_recall_falls_within_the_placement_before_its_last_day(district, sun, on):
    with pytest.raises(InvalidInput) as excinfo:
        recall(sun, district.world.district_admin, on=on)
    assert field_of(excinfo) == "on"


def test_a_recall_may_be_on_the_first_day_and_needs_a_reason(district, sun):
    with pytest.raises(InvalidInput) as excinfo:
        recall(sun, district.world.district_admin, reason="")
    assert field_of(excinfo) == "reason"
    assert recall(sun, district.world.district_admin, on=STARTS).recalled_on == STARTS


def test_a_cadre_is_recalled_once(district, sun):
    recall(sun, district.world.district_admin)
    with pytest.raises(IllegalTransition):
        recall(sun, district.world.district_admin, on=DURING + dt.timedelta(days=5), reason="again")
    assert Placement.objects.get(pk=sun.pk).recalled_on == DURING


def test_after_the_recall_date_the_placement_takes_no_log_and_no_task(district, sun):
    recall_on = DURING + dt.timedelta(days=7)
    recall(sun, district.world.district_admin, on=recall_on)
    assert log(district, sun, day=recall_on).on == recall_on  # the last day still counts
    after = recall_on + dt.timedelta(days=1)
    with pytest.raises(IllegalTransition):
        log(district, sun, day=after)
    with pytest.raises(IllegalTransition):
        assign(sun, district.world.staff_a, day=after)
    with pytest.raises(InvalidInput) as excinfo:
        assign(sun, district.world.staff_a, due_on=recall_on + dt.timedelta(days=1))
    assert field_of(excinfo) == "due_on"


def test_after_a_recall_no_back_dated_log(district, sun):
    recall(sun, district.world.district_admin)
    with pytest.raises(IllegalTransition):
        log(district, sun, day=DURING + dt.timedelta(days=3), on=DURING - dt.timedelta(days=1))


def test_a_recall_brings_the_final_evaluation_forward(district, sun):
    recall_on = dt.date(2026, 7, 31)
    recall(sun, district.world.district_admin, on=recall_on)
    with pytest.raises(IllegalTransition):
        evaluate(sun, district.world.staff_a, day=dt.date(2026, 6, 30), stage="final")
    assert evaluate(sun, district.world.staff_a, day=dt.date(2026, 7, 1), stage="final").stage == "final"
