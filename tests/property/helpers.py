"""Builders for the property tests: a compound with its units and owners, import sheets, votes and re-elections.

Units and owners are made with the ORM for speed (the import service has its own tests); everything with a state
(votes, committees, re-elections) is taken through the real services, at times fixed with ``clock.at``.
"""

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl import Workbook

from sanji.core import clock
from sanji.core.models import Compound
from sanji.property.models import Building, Owner, Unit
from sanji.property.services.reelections import (
    CRITERIA,
    candidate_nominate,
    candidate_review,
    reelection_start,
    reelection_transition,
)
from sanji.property.services.registry import committee_register
from sanji.property.services.votes import ballot_enter, vote_create, vote_transition

from ..factories import fresh

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = dt.timedelta(days=1)
SECOND = dt.timedelta(seconds=1)
#: The day the tests begin, a Monday morning in Qingdao.
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
HEADER = ["楼栋", "单元", "专有面积（㎡）", "业主", "电话", "是否开发商"]

#: The small compound of the vote tests: 王秀英 holds two units, the developer two (7 units, 5 owners, 632.00 m²).
SMALL = [
    ("1号楼", "101", "86.45", "王秀英", False),
    ("1号楼", "102", "60.00", "王秀英", False),
    ("1号楼", "201", "90.00", "李建国", False),
    ("1号楼", "202", "75.50", "张桂兰", False),
    ("2号楼", "101", "100.00", "海信地产", True),
    ("2号楼", "102", "100.00", "海信地产", True),
    ("2号楼", "201", "120.05", "赵志刚", False),
]
#: Two more owners, so that a slate of five can be nominated.
LARGER = SMALL + [("3号楼", "101", "70.00", "刘洋", False), ("3号楼", "102", "65.00", "陈静", False)]

#: The re-election path of ``walk``: committee term ends 2026-06-01, so the committee may start until 2026-04-02.
TERM_ENDS = dt.date(2026, 6, 1)
ANNOUNCE_AT = T0 + DAY
OPENS = ANNOUNCE_AT + dt.timedelta(days=15)
CLOSES = OPENS + dt.timedelta(days=7)
OFFICERS_AT = CLOSES + DAY
HANDOVER_AT = CLOSES + 2 * DAY
FILE_AT = CLOSES + 5 * DAY


@dataclass
class Yard:
    compound: Compound
    owners: dict  # name -> Owner
    units: dict  # (building, number) -> Unit

    def owner(self, name: str) -> Owner:
        return self.owners[name]


def yard(community, rows=SMALL, *, name: str = "仰口路17号院") -> Yard:
    """Return a compound in ``community`` with the units and owners of ``rows`` (building, unit, area, owner, dev)."""
    compound = Compound.objects.create(name=name, community=community)
    buildings, owners, units = {}, {}, {}
    for building, number, area, owner, developer in rows:
        if building not in buildings:
            buildings[building] = Building.objects.create(compound=compound, name=building)
        if owner not in owners:
            owners[owner] = Owner.objects.create(compound=compound, name=owner, is_developer=developer)
        units[(building, number)] = Unit.objects.create(
            building=buildings[building], number=number, area=Decimal(area), owner=owners[owner])
    return Yard(compound, owners, units)


def sheet(*rows, header=HEADER) -> bytes:
    """Return an .xlsx import sheet with ``header`` (None for none) and ``rows``, cells as given."""
    book = Workbook()
    page = book.active
    if header is not None:
        page.append(header)
    for row in rows:
        page.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def drafted(actor, compound, *, matter=4, opens=None, window=7 * DAY, at=T0):
    """Return a draft vote on ``matter`` whose ballot opens 15 days after ``at`` unless ``opens`` says otherwise."""
    opens = opens or at + dt.timedelta(days=15)
    with clock.at(at):
        return vote_create(actor=fresh(actor), compound_id=compound.pk, matter=matter, title="选聘物业服务企业",
                           proposal="选聘青岛海湾物业为本院物业服务企业，服务期三年。", opens_at=opens,
                           closes_at=opens + window)


def announced(actor, compound, **kw):
    """Return a vote announced at ``at`` (T0 by default), its roll frozen then."""
    vote = drafted(actor, compound, **kw)
    with clock.at(kw.get("at", T0)):
        return vote_transition(actor=fresh(actor), vote_id=vote.pk, action="announce")


def cast(actor, vote, choices: dict, *, at=None):
    """Enter a paper ballot for each owner in ``choices`` (Owner -> choice) while the window is open."""
    with clock.at(at or vote.opens_at):
        return [ballot_enter(actor=fresh(actor), vote_id=vote.pk, owner_id=owner.pk, choice=choice)
                for owner, choice in choices.items()]


def committee(actor, place: Yard, *, names=("王秀英", "李建国", "张桂兰"), starts=dt.date(2021, 6, 1),
              ends=TERM_ENDS, number=1):
    """Register the committee in office: the first name chairs it."""
    members = [(place.owner(n).pk, "chair" if i == 0 else "member") for i, n in enumerate(names)]
    return committee_register(actor=fresh(actor), compound_id=place.compound.pk, number=number, starts_on=starts,
                              ends_on=ends, members=members)


def nominate(actor, reelection, place: Yard, names, *, qualified=True, at=T0) -> list:
    """Nominate each of ``names`` (self-nominated) and review them, qualified or not, with a reason."""
    made = []
    with clock.at(at):
        for name in names:
            candidate = candidate_nominate(actor=fresh(actor), reelection_id=reelection.pk,
                                           owner_id=place.owner(name).pk, route="self")
            met = set(CRITERIA) if qualified else {"capacity", "owner"}
            made.append(candidate_review(actor=fresh(actor), reelection_id=reelection.pk, candidate_id=candidate.pk,
                                         met=met, reason="经社区党委审查" if qualified else "有未整改违建"))
    return made


SLATE = ("王秀英", "李建国", "赵志刚")
STEPS = ["preparing", "announced", "elected", "officers_chosen", "handed_over", "filed"]


def walk(world, place: Yard, until: str, *, staff=None):
    """Return a re-election of ``place`` (a committee in office is registered first) taken up to step ``until``.

    The path: started at T0 by the committee, the slate of ``SLATE`` announced a day later, the vote opens 15 days
    after that and every owner but the developer votes yes, elected at the close, officers chosen a day later,
    handed over the day after, filed by the street three days later.
    """
    staff = staff or world.staff_a
    committee(staff, place)
    with clock.at(T0):
        reelection = reelection_start(actor=fresh(staff), compound_id=place.compound.pk, term_years=5)
    nominate(staff, reelection, place, SLATE)
    moves = [
        ("announce", ANNOUNCE_AT, staff, {"opens_at": OPENS, "closes_at": CLOSES}),
        ("elect", CLOSES, staff, {}),
        ("choose_officers", OFFICERS_AT, staff, {"chair": place.owner("李建国").pk,
                                                 "vice_chair": place.owner("赵志刚").pk}),
        ("hand_over", HANDOVER_AT, staff, {"note": "档案三盒、公章一枚、账册两本"}),
        ("file", FILE_AT, world.street_officer, {"note": "已报街道备案"}),
    ]
    for (action, moment, actor, details), step in zip(moves, STEPS[1:], strict=True):
        if STEPS.index(until) < STEPS.index(step):
            break
        if action == "elect":
            vote = reelection.vote
            cast(staff, vote, {o: "yes" for o in place.owners.values() if not o.is_developer})
            with clock.at(CLOSES):
                vote_transition(actor=fresh(staff), vote_id=vote.pk, action="count")
        with clock.at(moment):
            reelection = reelection_transition(actor=fresh(actor), reelection_id=reelection.pk, action=action,
                                               **details)
    return reelection
