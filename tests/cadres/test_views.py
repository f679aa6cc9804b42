"""The cadres' pages: who gets which page, the district's batch flow, a placement's forms, whistles, bad URLs.

After ``placed``: 孙嘉怡 (区信访局) is in 仰口路社区 (A), 李浩然 (区信访局) in 湛山一路社区 (B), 周晓雯 and 赵立新
(区民政局) in 八大峡社区 (C). Pages are asked for in English; most checks read ids, hrefs, status codes and rows.
"""

import datetime as dt
import re

import pytest
from django.test import Client

from sanji.cadres.models import (
    Adjustment,
    Batch,
    BulletinReceipt,
    Evaluation,
    FieldReport,
    LogEntry,
    Placement,
    Task,
    Whistle,
    WhistleCall,
)
from sanji.cadres.services import proposals, reports, whistles
from sanji.core import clock
from tests.cadres.helpers import T0, batch_with_everyone, needs, placed, placement_of
from tests.factories import fresh

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
DURING = dt.datetime(2026, 4, 1, 10, 0, tzinfo=SHANGHAI)  # inside every placement
MIDTERM = dt.datetime(2026, 6, 20, 10, 0, tzinfo=SHANGHAI)  # after the placements' midpoint
DAY = dt.timedelta(days=1)


def user_of(district, who):
    if who in district.cadre_users:
        return district.cadre_users[who]
    return getattr(district, who, None) or getattr(district.world, who)


def client(user=None) -> Client:
    c = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        c.force_login(user)
    return c


def get(district, who, url, when=DURING):
    with clock.at(when):
        return client(user_of(district, who)).get(url)


def post(district, who, url, data=None, when=DURING):
    with clock.at(when):
        return client(user_of(district, who)).post(url, data or {})


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def town(district):
    placed(district)
    return district


def sun_url(district) -> str:
    return f"/cadres/placements/{placement_of(district, '孙嘉怡').pk}/"


def file_report(district, when, title="老旧楼院加装电梯意见"):
    with clock.at(when):
        return reports.report_file(actor=fresh(district.cadre_users["孙嘉怡"]), kind="opinions", title=title,
                                   placement_id=placement_of(district, "孙嘉怡").pk, body="12户居民希望加装电梯。")


def blow(district, agencies, community=None):
    with clock.at(DURING):
        return whistles.whistle_raise(actor=fresh(district.world.staff_a), kind="daily",
                                      community_id=(community or district.world.a).pk,
                                      problem="八大峡菜市场周边占道经营", agency_ids=[a.pk for a in agencies])


# --- who sees which page -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["resident_a", "outsider"])
def test_the_hub_is_not_found_for_a_resident_or_an_outsider(town, who):
    assert get(town, who, "/cadres/").status_code == 404


@pytest.mark.parametrize("who, shown, hidden", [
    ("district_admin", ["/cadres/batches/", "/cadres/needs/"], ["/cadres/reports/", "/cadres/bulletins/"]),
    ("staff_a", ["/cadres/needs/", "/cadres/whistles/assessment/"], ["/cadres/batches/", "/cadres/reports/"]),
    ("desk_petitions", ["/cadres/reports/", "/cadres/bulletins/"], ["/cadres/batches/", "/cadres/needs/"]),
    ("孙嘉怡", ["MINE"], ["/cadres/batches/", "/cadres/needs/", "/cadres/reports/"]),
])
def test_the_hub_shows_each_person_only_his_or_her_cards(town, who, shown, hidden):
    response = get(town, who, "/cadres/")
    page = text(response).replace(f'href="{sun_url(town)}"', 'href="MINE"')
    assert response.status_code == 200
    assert all(f'href="{url}"' in page for url in shown)
    assert not any(f'href="{url}"' in page for url in hidden)
    assert ("My placement" in page) == (who == "孙嘉怡")


@pytest.mark.parametrize("who, status", [("district_admin", 200), ("street_officer", 404), ("staff_a", 404),
                                         ("desk_petitions", 404), ("孙嘉怡", 404)])
def test_batch_pages_are_for_the_district_only(town, who, status):
    batch = Batch.objects.get()
    assert get(town, who, "/cadres/batches/").status_code == status
    assert get(town, who, f"/cadres/batches/{batch.pk}/").status_code == status


def test_community_staff_see_the_needs_of_their_communities_only(town):
    page = text(get(town, "staff_a", "/cadres/needs/"))
    assert f'id="need-{town.world.a.pk}"' in page
    assert f'id="need-{town.world.b.pk}"' not in page and f'id="need-{town.c.pk}"' not in page
    street = text(get(town, "street_officer", "/cadres/needs/"))
    assert all(f'id="need-{c.pk}"' in street for c in (town.world.a, town.world.b, town.c))
    assert get(town, "desk_civil", "/cadres/needs/").status_code == 404


@pytest.mark.parametrize("who, status", [
    ("staff_a", 200), ("street_officer", 200), ("desk_petitions", 200), ("孙嘉怡", 200),
    ("staff_b", 404), ("desk_civil", 404), ("李浩然", 404), ("resident_a", 404), ("outsider", 404)])
def test_a_placement_page_is_for_its_community_its_agency_and_the_cadre(town, who, status):
    assert get(town, who, sun_url(town)).status_code == status


def test_the_placement_list_holds_only_what_is_in_scope(town):
    page = text(get(town, "staff_a", "/cadres/placements/"))
    assert sun_url(town) in page and f"/cadres/placements/{placement_of(town, '李浩然').pk}/" not in page
    desk = text(get(town, "desk_civil", "/cadres/placements/"))
    assert f"/cadres/placements/{placement_of(town, '周晓雯').pk}/" in desk and sun_url(town) not in desk
    assert get(town, "resident_a", "/cadres/placements/").status_code == 404


@pytest.mark.parametrize("who, status", [("desk_petitions", 200), ("staff_a", 404), ("孙嘉怡", 404),
                                         ("district_admin", 404)])
def test_the_inbox_and_the_documents_are_for_agency_desks_only(town, who, status):
    assert get(town, who, "/cadres/reports/").status_code == status
    assert get(town, who, "/cadres/bulletins/").status_code == status


def test_the_inbox_puts_the_unanswered_first_and_flags_those_older_than_seven_days(town):
    answered = file_report(town, DURING - 10 * DAY, "已答复")
    with clock.at(DURING - 9 * DAY):
        reports.report_answer(actor=fresh(town.desk_petitions), report_id=answered.pk, answer="已转交区住建局")
    old, new = file_report(town, DURING - 8 * DAY, "八天前"), file_report(town, DURING - DAY, "昨天")
    rows = re.findall(r'<tr( class="overdue")?><td><a href="/cadres/reports/(\d+)/"',
                      text(get(town, "desk_petitions", "/cadres/reports/")))
    assert rows == [(' class="overdue"', str(old.pk)), ("", str(new.pk)), ("", str(answered.pk))]


def test_the_answer_form_is_for_the_agencys_desk_and_only_while_unanswered(town):
    report = file_report(town, DURING)
    url = f"/cadres/reports/{report.pk}/"
    assert 'name="answer"' in text(get(town, "desk_petitions", url))
    for who in ("staff_a", "孙嘉怡"):
        response = get(town, who, url)
        assert response.status_code == 200 and 'name="answer"' not in text(response)
    assert get(town, "desk_civil", url).status_code == 404
    assert post(town, "desk_petitions", f"{url}answer/", {"answer": "已转交区住建局"}).status_code == 302
    page = text(get(town, "desk_petitions", url))
    assert 'name="answer"' not in page and "已转交区住建局" in page


def test_whistle_pages_follow_the_scope(town):
    whistle = blow(town, [town.civil])
    url = f"/cadres/whistles/{whistle.pk}/"
    for who in ("staff_a", "street_officer", "desk_civil", "孙嘉怡"):
        assert get(town, who, url).status_code == 200
        assert url in text(get(town, who, "/cadres/whistles/"))
    for who in ("staff_b", "desk_petitions", "李浩然", "resident_a"):
        assert get(town, who, url).status_code == 404
    assert url not in text(get(town, "staff_b", "/cadres/whistles/"))
    assert get(town, "resident_a", "/cadres/whistles/").status_code == 404


def test_the_assessment_is_for_the_community_side_and_a_bad_date_is_an_error_not_a_crash(town):
    assert get(town, "staff_a", "/cadres/whistles/assessment/").status_code == 200
    assert get(town, "desk_civil", "/cadres/whistles/assessment/").status_code == 404
    assert get(town, "孙嘉怡", "/cadres/whistles/assessment/").status_code == 404
    response = get(town, "staff_a", "/cadres/whistles/assessment/?since=2026-13-45")
    assert response.status_code == 200 and 'role="alert"' in text(response)


# --- the district's batch flow -------------------------------------------------------------------------------------

NEW_BATCH = {"name": "2026年第二期", "starts_on": "2026-03-16", "ends_on": "2026-09-15", "max_age": "35",
             "without_grassroots_only": "on", "weight_ability": "0.4", "weight_business": "0.3",
             "weight_professional": "0.3"}


def test_bad_weights_draw_the_form_again_with_422_and_the_typed_name(district):
    response = post(district, "district_admin", "/cadres/batches/new/", {**NEW_BATCH, "weight_ability": "0.9"},
                    when=T0)
    assert response.status_code == 422 and 'role="alert"' in text(response)
    assert 'value="2026年第二期"' in text(response) and 'value="0.9"' in text(response)
    assert not Batch.objects.exists()


def test_the_district_fills_a_batch_and_proposes_through_the_pages(district):
    needs(district)
    created = post(district, "district_admin", "/cadres/batches/new/", NEW_BATCH, when=T0)
    batch = Batch.objects.get()
    url = f"/cadres/batches/{batch.pk}/"
    assert (created.status_code, created["Location"]) == (302, url)
    for name in ("孙嘉怡", "李浩然"):
        added = post(district, "district_admin", f"{url}cadres/", {"cadre": district.cadres[name].pk,
                                                                   "role": "member"}, when=T0)
        assert added.status_code == 302
    for community in (district.world.a, district.world.b):
        assert post(district, "district_admin", f"{url}communities/", {"community": community.pk},
                    when=T0).status_code == 302
    assert post(district, "district_admin", f"{url}propose/", {"mode": "optimal"}, when=T0).status_code == 302
    page = text(get(district, "district_admin", url, when=T0))
    shown = re.findall(r'<tr><th scope="row">(\S+?)</th>.*?'
                       r'<td class="num">([\d.]+)</td><td class="num">([\d.]+)</td><td class="num">([\d.]+)</td>',
                       page, re.S)
    pairs = batch.proposals.get().pairs.all()
    assert set(shown) == {(p.cadre.name, str(p.ability), str(p.business), str(p.professional)) for p in pairs}
    assert len(shown) == 2


@pytest.fixture
def proposed(district):
    """Return the batch with everyone and its optimal proposal: 孙嘉怡 A, 李浩然 B, 周晓雯 and 赵立新 C."""
    batch = batch_with_everyone(district)
    with clock.at(T0):
        proposal = proposals.proposal_make(actor=fresh(district.world.district_admin), batch_id=batch.pk,
                                           mode="optimal")
    return batch, proposal


@pytest.mark.parametrize("name, target, delta", [
    ("孙嘉怡", "to:C", "−0.4000"), ("周晓雯", "swap:李浩然", "−0.3000"), ("李浩然", "to:", "−0.8000")])
def test_a_move_records_an_adjustment_and_the_page_lists_its_signed_delta(district, proposed, name, target,
                                                                         delta):
    batch, proposal = proposed
    target = target.replace("C", str(district.c.pk)).replace("李浩然", str(district.cadres["李浩然"].pk))
    response = post(district, "district_admin", f"/cadres/batches/{batch.pk}/move/",
                    {"proposal": proposal.pk, "cadre": district.cadres[name].pk, "target": target,
                     "reason": "本人申请"}, when=T0)
    assert response.status_code == 302
    adjustment = Adjustment.objects.get(proposal=proposal)
    assert (adjustment.cadre, str(adjustment.delta)) == (district.cadres[name], delta.replace("−", "-"))
    listed = re.search(r'<ul class="history" id="adjustments">(.*?)</ul>',
                       text(get(district, "district_admin", f"/cadres/batches/{batch.pk}/", when=T0)), re.S)
    assert f"<strong>{delta}</strong>" in listed.group(1) and "本人申请" in listed.group(1)


@pytest.mark.parametrize("target", ["to:abc", "elsewhere", None])
def test_a_garbled_or_missing_target_is_refused_not_read_as_take_out(district, proposed, target):
    batch, proposal = proposed
    form = {"proposal": proposal.pk, "cadre": district.cadres["李浩然"].pk, **({"target": target} if target else {})}
    response = post(district, "district_admin", f"/cadres/batches/{batch.pk}/move/", form, when=T0)
    assert response.status_code == 422 and not Adjustment.objects.exists()


@pytest.mark.parametrize("name, community, status, says", [
    ("李浩然", "a", 409, "has no place left"), ("周晓雯", "a", 422, "lives in this community")])
def test_a_refused_move_draws_the_page_again_with_the_error_and_changes_nothing(district, proposed, name,
                                                                               community, status, says):
    batch, proposal = proposed
    before = set(proposal.pairs.values_list("cadre_id", "community_id"))
    response = post(district, "district_admin", f"/cadres/batches/{batch.pk}/move/",
                    {"proposal": proposal.pk, "cadre": district.cadres[name].pk,
                     "target": f"to:{getattr(district.world, community).pk}"}, when=T0)
    assert response.status_code == status and says in text(response) and 'id="lines"' in text(response)
    assert not Adjustment.objects.exists()
    assert set(proposal.pairs.values_list("cadre_id", "community_id")) == before


def test_adopting_the_proposal_places_the_cadres_and_the_page_lists_the_placements(district, proposed):
    batch, proposal = proposed
    url = f"/cadres/batches/{batch.pk}/"
    assert post(district, "district_admin", f"{url}place/", {"proposal": proposal.pk}, when=T0).status_code == 302
    assert Placement.objects.filter(batch=batch).count() == 4
    page = text(get(district, "district_admin", url, when=T0))
    assert all(f"/cadres/placements/{p.pk}/" in page for p in Placement.objects.filter(batch=batch))
    assert 'id="lines"' not in page


# --- a placement's page --------------------------------------------------------------------------------------------


def test_the_cadre_keeps_the_log_from_the_page(town):
    response = post(town, "孙嘉怡", f"{sun_url(town)}log/", {"on": "2026-04-01", "kind": "work",
                                                              "text": "走访独居老人", "people": "3"})
    assert response.status_code == 302
    assert LogEntry.objects.get().text == "走访独居老人"


def test_a_report_without_a_title_keeps_the_typed_body_and_a_good_one_is_filed(town):
    form = {"kind": "opinions", "title": " ", "body": "12户居民希望加装电梯，3户反对。"}
    refused = post(town, "孙嘉怡", f"{sun_url(town)}reports/", form)
    assert refused.status_code == 422 and "12户居民希望加装电梯，3户反对。</textarea>" in text(refused)
    assert not FieldReport.objects.exists()
    assert post(town, "孙嘉怡", f"{sun_url(town)}reports/", {**form, "title": "加装电梯"}).status_code == 302
    assert FieldReport.objects.get().agency == town.petitions


def test_the_cadre_acknowledges_and_explains_a_document(town):
    with clock.at(DURING):
        reports.bulletin_publish(actor=fresh(town.desk_petitions), agency_id=town.petitions.pk,
                                 title="信访工作条例解读", body="逐条讲解")
    receipt = BulletinReceipt.objects.get(placement=placement_of(town, "孙嘉怡"))
    page = text(get(town, "孙嘉怡", sun_url(town)))
    assert page.count(f'name="receipt" value="{receipt.pk}"') == 2
    assert f'name="receipt" value="{receipt.pk}"' not in text(get(town, "staff_a", sun_url(town)))
    assert post(town, "孙嘉怡", f"{sun_url(town)}receipts/", {"receipt": receipt.pk}).status_code == 302
    explained = {"receipt": receipt.pk, "action": "explain", "how": "居民议事会上讲解", "audience": "25"}
    assert post(town, "孙嘉怡", f"{sun_url(town)}receipts/", explained).status_code == 302
    receipt.refresh_from_db()
    assert receipt.acknowledged_at is not None and (receipt.explained_how, receipt.audience) == ("居民议事会上讲解", 25)


def test_the_community_gives_a_task_and_the_cadre_marks_it_done(town):
    assert 'action="' + sun_url(town) + 'tasks/"' not in text(get(town, "孙嘉怡", sun_url(town)))
    given = post(town, "staff_a", f"{sun_url(town)}tasks/", {"title": "排查楼道堆物", "due_on": "2026-04-10"})
    assert given.status_code == 302
    task = Task.objects.get()
    assert f'name="task" value="{task.pk}"' in text(get(town, "孙嘉怡", sun_url(town)))
    assert post(town, "孙嘉怡", f"{sun_url(town)}tasks/done/", {"task": task.pk, "note": "清理12处"}).status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None and task.done_note == "清理12处"


@pytest.mark.parametrize("who, side, other", [("staff_a", "community", "agency"),
                                              ("desk_petitions", "agency", "community")])
def test_the_evaluation_form_offers_only_the_side_the_user_acts_for(town, who, side, other):
    page = text(get(town, who, sun_url(town), when=MIDTERM))
    sides = re.search(r'<select id="eside" name="side">(.*?)</select>', page, re.S).group(1)
    assert f'value="{side}"' in sides and f'value="{other}"' not in sides
    response = post(town, who, f"{sun_url(town)}evaluate/", {"stage": "mid", "side": side, "grade": "excellent"},
                    when=MIDTERM)
    assert response.status_code == 302 and Evaluation.objects.get().side == side
    refused = post(town, who, f"{sun_url(town)}evaluate/", {"stage": "mid", "side": other, "grade": "competent"},
                   when=MIDTERM)
    assert refused.status_code == 403 and Evaluation.objects.count() == 1


def test_the_cadre_gets_no_evaluation_form(town):
    assert 'id="eside"' not in text(get(town, "孙嘉怡", sun_url(town), when=MIDTERM))


# --- whistles ------------------------------------------------------------------------------------------------------


def test_a_whistle_without_an_agency_is_refused_and_the_typed_problem_kept(town):
    form = {"community": town.world.a.pk, "kind": "daily", "problem": "八大峡菜市场周边占道经营"}
    refused = post(town, "staff_a", "/cadres/whistles/new/", form)
    assert refused.status_code == 422 and 'value="八大峡菜市场周边占道经营"' in text(refused)
    assert not Whistle.objects.exists()
    blown = post(town, "staff_a", "/cadres/whistles/new/", {**form, "agencies": [town.civil.pk]})
    whistle = Whistle.objects.get()
    assert (blown.status_code, blown["Location"]) == (302, f"/cadres/whistles/{whistle.pk}/")


def test_each_named_desk_sees_the_report_form_for_its_own_call_only_and_reports(town):
    whistle = blow(town, [town.civil, town.petitions])
    url = f"/cadres/whistles/{whistle.pk}/"
    civil, petitions = (WhistleCall.objects.get(whistle=whistle, agency=a) for a in (town.civil, town.petitions))
    page = text(get(town, "desk_civil", url))
    assert f'name="call" value="{civil.pk}"' in page and f'name="call" value="{petitions.pk}"' not in page
    assert 'name="call"' not in text(get(town, "staff_a", url))
    response = post(town, "desk_civil", f"{url}report/", {"call": civil.pk, "attendees": "王科长",
                                                           "action": "现场清理占道摊位"})
    assert response.status_code == 302
    civil.refresh_from_db()
    assert civil.reported_at is not None
    assert 'name="call"' not in text(get(town, "desk_civil", url))


def test_a_report_posted_to_one_whistle_does_not_land_on_another(town):
    here = blow(town, [town.civil])
    with clock.at(DURING):
        there = whistles.whistle_raise(actor=fresh(town.world.staff_b), kind="daily", community_id=town.world.b.pk,
                                       problem="湛山一路路灯不亮", agency_ids=[town.civil.pk])
    response = post(town, "desk_civil", f"/cadres/whistles/{here.pk}/report/",
                    {"call": WhistleCall.objects.get(whistle=there).pk, "attendees": "王科长", "action": "修复"})
    assert response.status_code in (404, 422)
    assert WhistleCall.objects.get(whistle=there).reported_at is None


def test_closing_is_refused_while_a_named_agency_has_not_reported_and_the_page_shows_which(town):
    whistle = blow(town, [town.civil, town.petitions])
    url = f"/cadres/whistles/{whistle.pk}/"
    with clock.at(DURING):
        whistles.whistle_report(actor=fresh(town.desk_civil), attendees="王科长", action="现场清理",
                                call_id=WhistleCall.objects.get(whistle=whistle, agency=town.civil).pk)
    refused = post(town, "staff_a", f"{url}close/", {"outcome": "已解决"})
    assert refused.status_code == 409 and "Every named agency must report" in text(refused)
    rows = dict(re.findall(r"<tr><td>(区民政局|区信访局)</td>(.*?)</tr>", text(refused), re.S))
    assert "waiting" in rows["区信访局"] and "on time" in rows["区民政局"] and "已解决</textarea>" in text(refused)
    assert Whistle.objects.get().state == "open"


def test_the_community_withdraws_a_whistle(town):
    whistle = blow(town, [town.civil])
    assert post(town, "desk_civil", f"/cadres/whistles/{whistle.pk}/withdraw/").status_code == 403
    assert post(town, "staff_a", f"/cadres/whistles/{whistle.pk}/withdraw/").status_code == 302
    assert Whistle.objects.get().state == "withdrawn"


# --- methods and ids -----------------------------------------------------------------------------------------------

POSTS = ["needs/save/", "batches/new/", "batches/1/cadres/", "batches/1/communities/", "batches/1/remove/",
         "batches/1/propose/", "batches/1/move/", "batches/1/place/", "batches/1/close/", "placements/1/log/",
         "placements/1/tasks/", "placements/1/tasks/done/", "placements/1/evaluate/", "placements/1/recall/",
         "placements/1/reports/", "placements/1/receipts/", "reports/1/answer/", "bulletins/new/", "whistles/new/",
         "whistles/1/report/", "whistles/1/call/", "whistles/1/close/", "whistles/1/withdraw/"]


@pytest.mark.parametrize("path", POSTS)
def test_a_get_to_a_form_endpoint_is_method_not_allowed(district, path):
    assert get(district, "district_admin", f"/cadres/{path}").status_code == 405


@pytest.mark.parametrize("method, page", [
    (get, "batches/{}/"), (get, "placements/{}/"), (get, "reports/{}/"), (get, "whistles/{}/"),
    (post, "batches/{}/move/"), (post, "placements/{}/log/"), (post, "reports/{}/answer/"),
    (post, "whistles/{}/close/")])
@pytest.mark.parametrize("pk", ["abc", "9" * 30, str(2**63), "0", "-1", "１２"])
def test_a_bad_id_in_the_url_is_not_found(district, method, page, pk):
    assert method(district, "district_admin", f"/cadres/{page.format(pk)}").status_code == 404


def test_an_unknown_action_is_not_found(town):
    batch, whistle = Batch.objects.get(), blow(town, [town.civil])
    assert post(town, "district_admin", f"/cadres/batches/{batch.pk}/explode/").status_code == 404
    assert post(town, "district_admin", f"/cadres/whistles/{whistle.pk}/reopen/").status_code == 404


# --- what was typed survives a refusal -------------------------------------------------------------------------------


def test_a_refused_need_keeps_what_was_typed_in_its_own_form(town):
    a = town.world.a.pk
    page = post(town, "staff_a", "/cadres/needs/save/", {
        "community": a, "difficulty": "3", "weak_foundation": "on", "wanted": ["petitions", "legal"],
        "capacity": "25", "note": "老旧楼院多，信访积案多"})
    assert page.status_code == 422
    form = re.search(rf'<form[^>]*id="need-{a}".*?</form>', text(page), re.S).group(0)
    assert "老旧楼院多，信访积案多" in form and 'role="alert"' in form and 'value="25"' in form
    assert 'value="petitions" checked' in form and 'value="legal" checked' in form


def test_a_refused_whistle_keeps_the_agencies_chosen(town):
    page = post(town, "staff_a", "/cadres/whistles/new/", {
        "community": town.world.a.pk, "kind": "daily", "problem": "",
        "agencies": [str(town.civil.pk), str(town.petitions.pk)]})
    assert page.status_code == 422
    for agency in (town.civil, town.petitions):
        assert f'<option value="{agency.pk}" selected>' in text(page)
