"""The property pages: who gets in, what each form does, and that a refused form keeps what was typed."""

import datetime as dt
import re
import shutil
import subprocess

import pytest
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from sanji.core import clock
from sanji.property.models import Ballot, Consultation, OwnersVote, Unit, Visit
from sanji.property.printing import result_notice_pdf

from .helpers import CLOSES, DAY, HEADER, OPENS, T0, announced, cast, committee, sheet, yard

pytestmark = pytest.mark.django_db


def client(user=None) -> Client:
    c = Client(HTTP_HOST="127.0.0.1")
    if user is not None:
        c.force_login(user)
    return c


@pytest.fixture
def place(world):
    return yard(world.a)


def test_only_property_staff_in_scope_see_the_pages(world, place):
    url = f"/property/compounds/{place.compound.pk}/"
    assert client(world.staff_a).get(url).status_code == 200
    assert client(world.street_officer).get(url).status_code == 200
    assert client(world.district_admin).get(url).status_code == 200
    for outsider in (world.staff_b, world.resident_a, world.member_a, world.unit_a):
        assert client(outsider).get(url).status_code == 404
        assert client(outsider).get("/property/").status_code in (200, 404)
    assert client().get(url).status_code == 302  # to the login page
    assert client(world.resident_a).get("/property/").status_code == 404


def test_the_list_shows_the_compounds_in_scope_only(world, place):
    yard(world.b, name="湛山一路9号院")
    page = client(world.staff_a).get("/property/").content.decode()
    assert "仰口路17号院" in page and "湛山一路9号院" not in page


def test_a_mode_change_is_recorded_and_shown(world, place):
    response = client(world.staff_a).post(f"/property/compounds/{place.compound.pk}/mode/",
                                          {"mode": "soe_embedded", "since": "2026-01-01", "note": "区属企业进驻"})
    assert response.status_code == 302
    place.compound.refresh_from_db()
    assert place.compound.management_mode == "soe_embedded"
    page = client(world.staff_a).get(f"/property/compounds/{place.compound.pk}/").content.decode()
    assert "区属企业进驻" in page


def test_a_bad_sheet_lists_every_problem_and_imports_nothing(world, place):
    before = Unit.objects.count()
    data = sheet(["5号楼", "101", "abc", "孙", "", "否"], ["5号楼", "102", "80", "", "", "否"])
    upload = {"file": _file(data)}
    response = client(world.staff_a).post(f"/property/compounds/{place.compound.pk}/import/", upload)
    assert response.status_code == 422
    page = response.content.decode()
    assert page.count("<tr><td>2</td>") == 1 and page.count("<tr><td>3</td>") == 1
    assert Unit.objects.count() == before


def test_a_good_sheet_imports_and_says_what_it_did(world, place):
    data = sheet(["5号楼", "101", 88.5, "孙立新", "13800000001", "否"], header=HEADER)
    response = client(world.staff_a).post(f"/property/compounds/{place.compound.pk}/import/", {"file": _file(data)},
                                          follow=True)
    assert response.status_code == 200
    assert Unit.objects.filter(building__compound=place.compound, building__name="5号楼").count() == 1


def test_the_template_downloads_and_reads_back(world):
    response = client(world.staff_a).get("/property/units-template.xlsx")
    assert response.status_code == 200
    import io

    book = load_workbook(io.BytesIO(response.content))
    assert book.active.max_row == 2


def test_a_visit_moves_the_coverage_and_a_refused_one_keeps_the_remarks(world, place):
    with clock.at(T0):
        c = client(world.staff_a)
        response = c.post(f"/property/compounds/{place.compound.pk}/consultations/",
                          {"question": "是否同意加装电梯？"})
        consultation = Consultation.objects.get(compound=place.compound)
        assert response.status_code == 302
        unit = place.units[("1号楼", "101")]
        refused = c.post(f"/property/consultations/{consultation.pk}/visit/",
                         {"unit": unit.pk, "opinion": "", "remarks": "三楼老人行动不便，很需要"})
        assert refused.status_code == 422 and "三楼老人行动不便，很需要" in refused.content.decode()
        c.post(f"/property/consultations/{consultation.pk}/visit/",
               {"unit": unit.pk, "opinion": "agree", "remarks": "", "client_key": "k1"})
        c.post(f"/property/consultations/{consultation.pk}/visit/",
               {"unit": unit.pk, "opinion": "agree", "remarks": "", "client_key": "k1"})  # a double tap
        assert Visit.objects.filter(consultation=consultation).count() == 1
        page = c.get(f"/property/consultations/{consultation.pk}/").content.decode()
        assert "1 / 7" in page or "1 of 7" in page or "7 户中已访 1 户" in page or ">1<" in page
        export = c.get(f"/property/consultations/{consultation.pk}/visits.xlsx")
        assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")


def test_a_vote_from_draft_to_printed_result(world, place):
    c = client(world.staff_a)
    with clock.at(T0):
        drafted = c.post(f"/property/compounds/{place.compound.pk}/votes/",
                         {"matter": "4", "title": "选聘物业", "proposal": "选聘海湾物业",
                          "opens_at": "2026-03-05T08:00", "closes_at": "2026-03-20T18:00"})
        assert drafted.status_code == 302  # drafting checks no notice period yet
        vote = OwnersVote.objects.get(compound=place.compound)
        too_soon = c.post(f"/property/votes/{vote.pk}/announce/")
        assert too_soon.status_code == 409 and "15" in too_soon.content.decode()
    vote = announced(world.staff_a, place.compound)
    owners = place.owners
    cast(world.staff_a, vote, {owners["王秀英"]: "yes", owners["李建国"]: "yes", owners["张桂兰"]: "no",
                               owners["赵志刚"]: "yes"})
    with clock.at(vote.opens_at + DAY):
        assert c.get(f"/property/votes/{vote.pk}/result.pdf").status_code == 404
        page = c.get(f"/property/votes/{vote.pk}/").content.decode()
        assert "ballot-form" in page
        ballot = Ballot.objects.filter(vote=vote).first()
        c.post(f"/property/votes/{vote.pk}/ballots/{ballot.pk}/void/", {"reason": "录入错误"})
        assert Ballot.objects.get(pk=ballot.pk).voided_at is not None
        c.post(f"/property/votes/{vote.pk}/ballots/", {"owner": ballot.owner_id, "choice": "yes"})
    with clock.at(vote.closes_at):
        response = c.post(f"/property/votes/{vote.pk}/count/", follow=True)
        assert response.status_code == 200
        page = response.content.decode()
        assert "× 3 =" in page and "× 2 =" in page
        pdf = c.get(f"/property/votes/{vote.pk}/result.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    export = c.get(f"/property/votes/{vote.pk}/ballots.xlsx")
    assert export.status_code == 200


@pytest.mark.skipif(not shutil.which("fc-list"), reason="fontconfig is not installed")
def test_the_printed_notice_embeds_a_chinese_font(world, place):
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    if not fonts.strip():
        pytest.skip("no Chinese font is installed (Debian: fonts-noto-cjk)")
    vote = announced(world.staff_a, place.compound)
    cast(world.staff_a, vote, {place.owners["王秀英"]: "yes"})
    with clock.at(vote.closes_at):
        client(world.staff_a).post(f"/property/votes/{vote.pk}/count/")
    vote.refresh_from_db()
    with translation.override("zh-hans"):
        pdf = result_notice_pdf(vote, uncompressed_pdf=True)
    fonts = re.findall(rb"/BaseFont\s*/([A-Za-z0-9+_-]+)", pdf)
    assert b"/FontFile" in pdf
    assert any(b"CJK" in name or b"WenQuanYi" in name for name in fonts), fonts


def test_an_owner_casts_her_own_ballot_and_no_one_else_s(world, place):
    vote = announced(world.staff_a, place.compound)
    owner = place.owners["王秀英"]
    owner.user = world.resident_a
    owner.save(update_fields=["user"])
    with clock.at(vote.opens_at + DAY):
        c = client(world.resident_a)
        page = c.get("/property/mine/").content.decode()
        assert vote.title in page
        other = place.owners["李建国"]
        c.post(f"/property/mine/votes/{vote.pk}/ballot/", {"owner": other.pk, "choice": "yes"})
        assert not Ballot.objects.filter(vote=vote).exists()
        c.post(f"/property/mine/votes/{vote.pk}/ballot/", {"owner": owner.pk, "choice": "no"})
        assert Ballot.objects.get(vote=vote).owner == owner
    assert client(world.resident_b).get("/property/mine/").status_code == 404


def test_the_reelection_page_walks_and_refuses_out_of_order(world):
    place = yard(world.a, rows=[("1号楼", f"{n}01", "80.00", name, False)
                                for n, name in enumerate(["王秀英", "李建国", "张桂兰", "赵志刚", "刘洋", "陈静"], 1)])
    with clock.at(T0):
        committee(world.staff_a, place)
        c = client(world.staff_a)
        c.post(f"/property/compounds/{place.compound.pk}/reelections/", {"term_years": "5"})
        reelection = place.compound.reelections.get()
        url = f"/property/reelections/{reelection.pk}/"
        assert c.get(url).status_code == 200
        kept = c.post(url + "candidates/", {"owner": place.owners["刘洋"].pk, "route": "owners", "nominators": "",
                                            "statement": "退休教师，愿为大家服务", "form": "nominate"})
        assert kept.status_code == 422 and "退休教师，愿为大家服务" in kept.content.decode()
        skipped = c.post(url + "hand_over/", {"note": "印章"})
        assert skipped.status_code == 409
        for name in ["王秀英", "李建国", "张桂兰"]:
            c.post(url + "candidates/", {"owner": place.owners[name].pk, "route": "self"})
        for candidate in reelection.candidates.all():
            c.post(url + f"candidates/{candidate.pk}/review/",
                   {"met": ["capacity", "owner", "conduct", "independent"], "reason": "符合条件"})
        c.post(url + "announce/", {"opens_at": (OPENS).strftime("%Y-%m-%dT%H:%M"),
                                   "closes_at": (CLOSES).strftime("%Y-%m-%dT%H:%M")})
    reelection.refresh_from_db()
    assert reelection.step == "announced" and reelection.vote.matter == 3
    assert reelection.vote.opens_at - reelection.announced_at >= dt.timedelta(days=15)


def _file(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("units.xlsx", data,
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
