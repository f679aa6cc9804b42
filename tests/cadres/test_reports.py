"""Sentinel reports up to the home agency and its answer; documents down to the agency's placed cadres.

孙嘉怡 (区信访局) is placed in 仰口路社区 (community A); 周晓雯 and 赵立新 (区民政局) in 八大峡社区.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from sanji.cadres.models import Bulletin, BulletinReceipt, FieldReport
from sanji.cadres.selectors.access import reports_in_scope
from sanji.cadres.services import placements, pool, reports
from sanji.core import clock
from sanji.core.errors import Forbidden, IllegalTransition, InvalidInput, NotFound
from sanji.notices.models import Notice
from tests.cadres.helpers import ENDS, STARTS, placed, placement_of
from tests.factories import UserFactory, fresh

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
DURING = dt.date(2026, 4, 1)



def at(day: dt.date, hour: int = 10):
    return clock.at(dt.datetime.combine(day, dt.time(hour), SHANGHAI))


@pytest.fixture
def sun(district):
    placed(district)
    return placement_of(district, "孙嘉怡")


def user_of(district, who):
    """Return a person of the little district by a short name."""
    if who in district.cadre_users:
        return district.cadre_users[who]
    return getattr(district, who, None) or getattr(district.world, who)


def file(district, placement, *, who="孙嘉怡", day=DURING, **kw):
    args = {"kind": "opinions", "title": "老旧楼院加装电梯意见", "body": "12户居民希望加装电梯，3户反对。", **kw}
    with at(day):
        return reports.report_file(actor=fresh(user_of(district, who)), placement_id=placement.pk, **args)


def field_of(excinfo) -> str:
    return excinfo.value.extra.get("field")


def notified(kind: str) -> set[str]:
    return {n.recipient.username for n in Notice.objects.filter(kind=kind).select_related("recipient")}


# --- report_file ---------------------------------------------------------------------------------------------------


def test_the_placed_cadre_files_a_report_to_the_home_agency(district, sun):
    report = file(district, sun)
    assert (report.placement, report.agency, report.kind) == (sun, district.petitions, "opinions")
    assert report.answered_at is None


def test_every_desk_user_of_the_home_agency_is_told_and_no_other_agency(district, sun):
    second = UserFactory(username="desk-petitions-2")
    pool.desk_grant(user=second, agency=district.petitions)
    retired = UserFactory(username="desk-petitions-retired", is_active=False)
    pool.desk_grant(user=retired, agency=district.petitions)
    report = file(district, sun)
    assert notified("report_filed") == {"desk-petitions", "desk-petitions-2"}
    notice = Notice.objects.filter(kind="report_filed").first()
    assert notice.params["title"] == "老旧楼院加装电梯意见" and str(report.pk) in notice.url


@pytest.mark.parametrize("who", ["staff_a", "street_officer", "district_admin", "desk_petitions"])
def test_only_the_placed_cadre_files_reports(district, sun, who):
    with pytest.raises(Forbidden):
        file(district, sun, who=who)
    assert not FieldReport.objects.exists() and not notified("report_filed")


@pytest.mark.parametrize("who", ["李浩然", "staff_b", "desk_civil", "outsider"])
def test_others_do_not_find_the_placement_to_report_from(district, sun, who):
    with pytest.raises(NotFound):
        file(district, sun, who=who)


@pytest.mark.parametrize("day", [STARTS - dt.timedelta(days=1), ENDS + dt.timedelta(days=1)])
def test_reports_are_filed_only_while_the_placement_runs(district, sun, day):
    with pytest.raises(IllegalTransition):
        file(district, sun, day=day)


def test_no_report_after_the_recall_date(district, sun):
    with at(DURING):
        placements.placement_recall(actor=fresh(district.world.district_admin), placement_id=sun.pk, on=DURING,
                                    reason="工作需要")
    file(district, sun, day=DURING)
    with pytest.raises(IllegalTransition):
        file(district, sun, day=DURING + dt.timedelta(days=1))


@pytest.mark.parametrize("field, value", [
    ("kind", "gossip"), ("kind", ""), ("title", " "), ("title", "题" * 121), ("body", ""), ("body", "\x00"),
])
def test_a_report_needs_a_known_kind_a_title_and_a_body(district, sun, field, value):
    with pytest.raises(InvalidInput) as excinfo:
        file(district, sun, **{field: value})
    assert field_of(excinfo) == field


# --- report_answer -------------------------------------------------------------------------------------------------


def answer(report, who, text="已转区住建局研究，下月答复。", day=DURING):
    with at(day):
        return reports.report_answer(actor=fresh(who), report_id=report.pk, answer=text)


def test_the_home_agency_answers_and_the_cadre_is_told(district, sun):
    report = file(district, sun)
    got = answer(report, district.desk_petitions)
    assert (got.answer, got.answered_by) == ("已转区住建局研究，下月答复。", district.desk_petitions)
    assert notified("report_answered") == {district.cadre_users["孙嘉怡"].username}


def test_a_report_is_answered_once(district, sun):
    report = file(district, sun)
    answer(report, district.desk_petitions)
    with pytest.raises(IllegalTransition):
        answer(report, district.desk_petitions, text="改变主意")
    assert FieldReport.objects.get(pk=report.pk).answer == "已转区住建局研究，下月答复。"


@pytest.mark.parametrize("who", ["staff_a", "street_officer", "district_admin", "孙嘉怡"])
def test_those_who_see_the_report_but_do_not_act_for_the_agency_do_not_answer(district, sun, who):
    report = file(district, sun)
    with pytest.raises(Forbidden):
        answer(report, user_of(district, who))
    assert FieldReport.objects.get(pk=report.pk).answered_at is None


@pytest.mark.parametrize("who", ["desk_civil", "staff_b", "李浩然", "outsider"])
def test_others_do_not_find_the_report_to_answer(district, sun, who):
    report = file(district, sun)
    with pytest.raises(NotFound):
        answer(report, user_of(district, who))


def test_an_answer_needs_text(district, sun):
    report = file(district, sun)
    with pytest.raises(InvalidInput) as excinfo:
        answer(report, district.desk_petitions, text="  ")
    assert field_of(excinfo) == "answer"


# --- reports_in_scope ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who, sees", [
    ("desk_petitions", True), ("desk_civil", False), ("staff_a", True), ("staff_b", False),
    ("street_officer", True), ("district_admin", True), ("孙嘉怡", True), ("李浩然", False), ("outsider", False),
])
def test_who_sees_a_report(district, sun, who, sees):
    report = file(district, sun)
    assert list(reports_in_scope(fresh(user_of(district, who)))) == ([report] if sees else [])


def test_the_anonymous_see_no_reports(district, sun):
    file(district, sun)
    assert not reports_in_scope(AnonymousUser()).exists()


# --- bulletin_publish ----------------------------------------------------------------------------------------------


def publish(district, agency, who="desk_civil", day=DURING, **kw):
    args = {"title": "关于做好2026年城乡低保动态管理的通知", "body": "各社区于4月底前完成复核。",
            "number": "南民发〔2026〕5号", **kw}
    with at(day):
        return reports.bulletin_publish(actor=fresh(user_of(district, who)), agency_id=agency.pk, **args)


def test_a_document_goes_to_each_placed_cadre_of_the_agency_only(district, sun):
    bulletin = publish(district, district.civil)
    got = {r.placement.cadre.name for r in bulletin.receipts.select_related("placement__cadre")}
    assert got == {"周晓雯", "赵立新"}
    assert (bulletin.agency, bulletin.published_by, bulletin.number) == (
        district.civil, district.desk_civil, "南民发〔2026〕5号")


def test_a_recalled_cadre_gets_no_document(district, sun):
    with at(DURING):
        placements.placement_recall(actor=fresh(district.world.district_admin), placement_id=sun.pk,
                                    on=DURING - dt.timedelta(days=1), reason="工作需要")
    bulletin = publish(district, district.petitions, who="desk_petitions")
    assert [r.placement.cadre.name for r in bulletin.receipts.select_related("placement__cadre")] == ["李浩然"]


@pytest.mark.parametrize("who", ["desk_petitions", "staff_a", "district_admin", "周晓雯", "outsider"])
def test_only_a_desk_of_the_agency_publishes_its_documents(district, sun, who):
    with pytest.raises(Forbidden):
        publish(district, district.civil, who=who)
    assert not Bulletin.objects.exists()


@pytest.mark.parametrize("day", [STARTS - dt.timedelta(days=1), ENDS + dt.timedelta(days=1)])
def test_a_document_is_refused_when_none_of_the_agencys_cadres_is_placed(district, sun, day):
    with pytest.raises(InvalidInput):
        publish(district, district.civil, day=day)
    assert not Bulletin.objects.exists()


def test_an_agency_with_no_cadre_placed_sends_nothing(district, sun):
    desk = UserFactory(username="desk-street")
    pool.desk_grant(user=desk, agency=district.street_office)  # 钱宇 is in the batch but placed nowhere
    with at(DURING), pytest.raises(InvalidInput):
        reports.bulletin_publish(actor=fresh(desk), agency_id=district.street_office.pk, title="t", body="b")


@pytest.mark.parametrize("field, value", [("title", ""), ("body", " "), ("number", "号" * 61)])
def test_a_document_needs_a_title_and_a_body(district, sun, field, value):
    with pytest.raises(InvalidInput) as excinfo:
        publish(district, district.civil, **{field: value})
    assert field_of(excinfo) == field


# --- receipts --------------------------------------------------------------------------------------------------------


def receipt_of(bulletin, name):
    return BulletinReceipt.objects.get(bulletin=bulletin, placement__cadre__name=name)


def test_acknowledging_twice_keeps_the_first_time(district, sun):
    receipt = receipt_of(publish(district, district.civil), "周晓雯")
    with at(DURING, hour=11):
        first = reports.receipt_acknowledge(actor=fresh(district.cadre_users["周晓雯"]), receipt_id=receipt.pk)
    with at(DURING, hour=15):
        again = reports.receipt_acknowledge(actor=fresh(district.cadre_users["周晓雯"]), receipt_id=receipt.pk)
    assert first.acknowledged_at == again.acknowledged_at == dt.datetime.combine(DURING, dt.time(11), SHANGHAI)
    assert BulletinReceipt.objects.get(pk=receipt.pk).explained_at is None


def explain(receipt, user, how="在居民议事会上逐条解读", audience=40, hour=16):
    with at(DURING, hour=hour):
        return reports.receipt_explain(actor=fresh(user), receipt_id=receipt.pk, how=how, audience=audience)


def test_explaining_records_how_and_to_whom_and_counts_as_read(district, sun):
    receipt = receipt_of(publish(district, district.civil), "赵立新")
    got = explain(receipt, district.cadre_users["赵立新"], audience="40")
    moment = dt.datetime.combine(DURING, dt.time(16), SHANGHAI)
    assert (got.acknowledged_at, got.explained_at, got.explained_how, got.audience) == (
        moment, moment, "在居民议事会上逐条解读", 40)


def test_explaining_keeps_an_earlier_acknowledgement(district, sun):
    receipt = receipt_of(publish(district, district.civil), "赵立新")
    with at(DURING, hour=11):
        reports.receipt_acknowledge(actor=fresh(district.cadre_users["赵立新"]), receipt_id=receipt.pk)
    got = explain(receipt, district.cadre_users["赵立新"])
    assert got.acknowledged_at == dt.datetime.combine(DURING, dt.time(11), SHANGHAI)


def test_a_document_is_explained_once(district, sun):
    receipt = receipt_of(publish(district, district.civil), "赵立新")
    explain(receipt, district.cadre_users["赵立新"])
    with pytest.raises(IllegalTransition):
        explain(receipt, district.cadre_users["赵立新"], how="again", audience=99, hour=17)
    assert BulletinReceipt.objects.get(pk=receipt.pk).audience == 40


@pytest.mark.parametrize("who", ["周晓雯", "李浩然", "desk_civil", "staff_a", "district_admin"])
def test_only_the_cadre_records_his_or_her_own_receipt(district, sun, who):
    receipt = receipt_of(publish(district, district.civil), "赵立新")
    with pytest.raises(InvalidInput) as excinfo:
        explain(receipt, user_of(district, who))
    assert field_of(excinfo) == "receipt"
    with at(DURING), pytest.raises(InvalidInput):
        reports.receipt_acknowledge(actor=fresh(user_of(district, who)), receipt_id=receipt.pk)
    assert BulletinReceipt.objects.get(pk=receipt.pk).acknowledged_at is None


@pytest.mark.parametrize("field, kw", [
    ("how", {"how": ""}), ("audience", {"audience": -5}), ("audience", {"audience": "lots"}),
    ("audience", {"audience": 100_001}),
])
def test_an_explanation_needs_how_and_a_whole_audience(district, sun, field, kw):
    receipt = receipt_of(publish(district, district.civil), "赵立新")
    with pytest.raises(InvalidInput) as excinfo:
        explain(receipt, district.cadre_users["赵立新"], **kw)
    assert field_of(excinfo) == field
