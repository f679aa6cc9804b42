"""Defects a review found in red property management, each pinned by a test."""

import datetime as dt
import io
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import load_workbook

from sanji.core import clock
from sanji.core.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from sanji.property.models import Ballot, Owner, Unit
from sanji.property.selectors import ballot_rows
from sanji.property.services.consultations import consultation_open, visit_record
from sanji.property.services.reelections import objection_raise, reelection_start, reelection_transition
from sanji.property.services.registry import units_import
from sanji.property.services.votes import ballot_enter, ballot_void, vote_transition
from sanji.property.spreadsheets import ballots_sheet

from ..factories import fresh
from .helpers import CLOSES, DAY, HEADER, LARGER, OPENS, T0, announced, committee, drafted, sheet, walk, yard

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def client(user) -> Client:
    c = Client(HTTP_HOST="127.0.0.1")
    c.force_login(user)
    return c


def test_staff_cannot_void_an_owners_own_online_ballot(world):
    place = yard(world.a)
    owner = place.owners["李建国"]
    owner.user = world.resident_a
    owner.save(update_fields=["user"])
    vote = announced(world.staff_a, place.compound)
    with clock.at(vote.opens_at + DAY):
        own = ballot_enter(actor=fresh(world.resident_a), vote_id=vote.pk, owner_id=owner.pk, choice="no",
                           channel="online")
        with pytest.raises(NotFound):
            ballot_void(actor=fresh(world.staff_a), vote_id=vote.pk, ballot_id=own.pk, reason="改票")
        with pytest.raises(Conflict):
            ballot_enter(actor=fresh(world.staff_a), vote_id=vote.pk, owner_id=owner.pk, choice="yes")
    assert list(Ballot.objects.values_list("choice", "voided_at")) == [("no", None)]


def test_the_ballot_export_keeps_choices_sealed_until_the_count(world):
    place = yard(world.a)
    vote = announced(world.staff_a, place.compound)
    with clock.at(vote.opens_at + DAY):
        ballot_enter(actor=fresh(world.staff_a), vote_id=vote.pk, owner_id=place.owners["王秀英"].pk, choice="no")
    rows = list(load_workbook(io.BytesIO(ballots_sheet(vote, ballot_rows(vote)))).active.values)
    assert rows[2][0] == "王秀英" and rows[2][3] in (None, "")
    with clock.at(vote.closes_at):
        vote = vote_transition(actor=fresh(world.staff_a), vote_id=vote.pk, action="count")
    rows = list(load_workbook(io.BytesIO(ballots_sheet(vote, ballot_rows(vote)))).active.values)
    assert rows[2][3] not in (None, "")


def test_text_typed_by_people_is_never_a_formula_in_an_export(world):
    place = yard(world.a)
    with clock.at(T0):
        consultation = consultation_open(actor=fresh(world.staff_a), compound_id=place.compound.pk,
                                         question='=HYPERLINK("http://x")')
        visit_record(actor=fresh(world.staff_a), consultation_id=consultation.pk,
                     unit_id=place.units[("1号楼", "101")].pk, opinion="agree", remarks="=1+1")
    export = client(world.staff_a).get(f"/property/consultations/{consultation.pk}/visits.xlsx").content
    sheet_ = load_workbook(io.BytesIO(export)).active
    assert all(cell.data_type != "f" for row in sheet_.iter_rows() for cell in row)
    assert sheet_["D3"].value == "=1+1"


def test_one_buyer_with_a_blank_phone_on_one_row_stays_one_owner(world):
    place = yard(world.a)
    data = sheet(["5号楼", "101", "80.00", "孙丽", "", "否"], ["5号楼", "102", "70.00", "孙丽", "13800000001", "否"],
                 header=HEADER)
    units_import(actor=fresh(world.staff_a), compound_id=place.compound.pk, data=data)
    assert list(Owner.objects.filter(name="孙丽").values_list("phone", flat=True)) == ["13800000001"]


def test_a_corrected_phone_keeps_the_owner_and_the_login(world):
    place = yard(world.a)
    units_import(actor=fresh(world.staff_a), compound_id=place.compound.pk,
                 data=sheet(["5号楼", "101", "80.00", "孙丽", "13800000001", "否"], header=HEADER))
    owner = Owner.objects.get(name="孙丽")
    Owner.objects.filter(pk=owner.pk).update(user=world.resident_a)
    units_import(actor=fresh(world.staff_a), compound_id=place.compound.pk,
                 data=sheet(["5号楼", "101", "80.00", "孙丽", "13900000009", "否"], header=HEADER))
    owner.refresh_from_db()
    assert owner.phone == "13900000009" and Unit.objects.get(number="101", building__name="5号楼").owner == owner
    assert Owner.objects.filter(name="孙丽").count() == 1


def test_a_row_without_a_phone_among_namesakes_is_refused(world):
    place = yard(world.a)
    data = sheet(["5号楼", "101", "80.00", "孙丽", "13800000001", "否"],
                 ["5号楼", "102", "70.00", "孙丽", "13900000002", "否"],
                 ["5号楼", "103", "60.00", "孙丽", "", "否"], header=HEADER)
    with pytest.raises(InvalidInput) as refused:
        units_import(actor=fresh(world.staff_a), compound_id=place.compound.pk, data=data)
    assert [p["row"] for p in refused.value.extra["rows"]] == [4]
    assert not Unit.objects.filter(building__name="5号楼").exists()


def test_a_phone_of_twenty_one_characters_is_refused_per_row(world):
    place = yard(world.a)
    with pytest.raises(InvalidInput) as refused:
        units_import(actor=fresh(world.staff_a), compound_id=place.compound.pk,
                     data=sheet(["5号楼", "101", "80.00", "孙丽", "+12345678901234567890", "否"], header=HEADER))
    assert refused.value.extra["rows"][0]["row"] == 2


def test_a_reused_visit_key_with_another_visit_is_refused_not_dropped(world):
    place = yard(world.a)
    with clock.at(T0):
        consultation = consultation_open(actor=fresh(world.staff_a), compound_id=place.compound.pk,
                                         question="加装电梯？")
        a, b = place.units[("1号楼", "101")], place.units[("1号楼", "102")]
        visit_record(actor=fresh(world.staff_a), consultation_id=consultation.pk, unit_id=a.pk, opinion="agree",
                     client_key="k1")
        with pytest.raises(Conflict):
            visit_record(actor=fresh(world.staff_a), consultation_id=consultation.pk, unit_id=b.pk,
                         opinion="disagree", client_key="k1")


def test_the_street_forms_a_group_only_after_the_committees_own_day(world):
    place = yard(world.a, rows=LARGER)
    committee(world.staff_a, place)  # the term ends 2026-06-01: the committee may start until 2026-04-02
    with clock.at(T0), pytest.raises(IllegalTransition):
        reelection_start(actor=fresh(world.street_officer), compound_id=place.compound.pk, term_years=5,
                         by_street=True, group_members="街道、社区党委、居委会、业主代表")
    with clock.at(dt.datetime(2026, 4, 3, 9, tzinfo=T0.tzinfo)):
        made = reelection_start(actor=fresh(world.street_officer), compound_id=place.compound.pk, term_years=5,
                                by_street=True, group_members="街道、社区党委、居委会、业主代表")
    assert made.initiator == "street_group"


def test_an_objection_after_the_vote_opened_is_refused(world):
    place = yard(world.a, rows=LARGER)
    reelection = walk(world, place, "announced")
    with clock.at(OPENS), pytest.raises(IllegalTransition):
        objection_raise(actor=fresh(world.staff_a), reelection_id=reelection.pk, text="程序有问题", raised_by="业主")


def test_the_deadlines_after_the_election_run_from_the_count(world):
    place = yard(world.a, rows=LARGER)
    reelection = walk(world, place, "announced")
    from .helpers import cast

    cast(world.staff_a, reelection.vote, {o: "yes" for o in place.owners.values() if not o.is_developer})
    with clock.at(CLOSES):
        vote_transition(actor=fresh(world.staff_a), vote_id=reelection.vote.pk, action="count")
    with clock.at(CLOSES + 20 * DAY):  # recorded three weeks late
        reelection = reelection_transition(actor=fresh(world.staff_a), reelection_id=reelection.pk, action="elect")
    assert reelection.elected_at == CLOSES
    assert reelection.elected.starts_on == CLOSES.date()


def test_a_ballot_window_shorter_than_a_day_is_refused(world):
    place = yard(world.a)
    with pytest.raises(InvalidInput) as refused:
        drafted(world.staff_a, place.compound, window=DAY - dt.timedelta(seconds=1))
    assert refused.value.extra["field"] == "closes_at"


def test_a_nul_in_the_compound_search_is_harmless(world):
    yard(world.a)
    assert client(world.staff_a).get("/property/?q=a%00b").status_code == 200


def test_a_refused_review_keeps_the_ticks_and_the_reason(world):
    place = yard(world.a, rows=LARGER)
    committee(world.staff_a, place)
    with clock.at(T0):
        reelection = reelection_start(actor=fresh(world.staff_a), compound_id=place.compound.pk, term_years=5)
        c = client(world.staff_a)
        c.post(f"/property/reelections/{reelection.pk}/candidates/", {"owner": place.owners["刘洋"].pk,
                                                                      "route": "self"})
        candidate = reelection.candidates.get()
        response = c.post(f"/property/reelections/{reelection.pk}/candidates/{candidate.pk}/review/",
                          {"met": ["capacity", "owner"], "reason": "", "form": f"review-{candidate.pk}"})
    page = response.content.decode()
    assert response.status_code == 422 and page.count(" checked") == 2


def test_the_tally_command_answers_extra_arguments_in_one_line():
    done = subprocess.run([str(ROOT / ".venv/bin/sanji"), "tally", "a", "b"], capture_output=True, text=True)
    assert done.returncode == 2 and done.stdout == "" and len(done.stderr.strip().splitlines()) == 1
    done = subprocess.run([str(ROOT / ".venv/bin/sanji"), "tally", "--bogus", "x"], capture_output=True, text=True)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1


def test_an_owner_is_offered_the_owner_row_on_the_roll(world):
    place = yard(world.a)
    owner = place.owners["李建国"]
    stale = Owner.objects.create(compound=place.compound, name="李建国", phone="13000000000", user=world.resident_a)
    owner.user = world.resident_a
    owner.save(update_fields=["user"])
    vote = announced(world.staff_a, place.compound)
    with clock.at(vote.opens_at + DAY):
        page = client(world.resident_a).get("/property/mine/").content.decode()
    assert f'name="owner" value="{owner.pk}"' in page and f'value="{stale.pk}"' not in page


def test_a_unit_number_excel_turned_into_a_date_is_refused(world):
    place = yard(world.a)
    with pytest.raises(InvalidInput) as refused:
        units_import(actor=fresh(world.staff_a), compound_id=place.compound.pk,
                     data=sheet(["5号楼", dt.datetime(2026, 1, 1), "80.00", "孙丽", "", "否"], header=HEADER))
    assert refused.value.extra["rows"][0]["row"] == 2


def test_the_paper_ballot_form_lists_owners_who_have_not_voted_by_unit(world):
    place = yard(world.a)
    vote = announced(world.staff_a, place.compound)
    with clock.at(vote.opens_at + DAY):
        ballot_enter(actor=fresh(world.staff_a), vote_id=vote.pk, owner_id=place.owners["李建国"].pk, choice="yes")
        page = client(world.staff_a).get(f"/property/votes/{vote.pk}/").content.decode()
    form = page[page.index('id="ballot-form"'):]
    assert "1号楼101、1号楼102 · 王秀英" in form and "李建国" not in form[:form.index("</select>")]
