"""A district in which each of three communities owns a full set of objects, for the route-scope tests.

Communities A (仰口路社区) and B (湛山一路社区) lie in 湛山街道; C (太平角社区) lies in another street, 八大关街道. Each
side has people of every role (community staff, a resident, a party member, a partner unit's coordinator, an owner
and, for A and B, a placed young cadre) and objects of every kind, made through the services the pages and the API
call: wishes in several states with photos and a volunteer, a dispatch batch, a service profile, a wish class with a
project, a compound with owners, a consultation with visits, a counted owners' vote, a re-election with candidates
and an objection, a placement with its log, a task, an evaluation, a sentinel report and a document's receipt, a
whistle, and delivered messages.

The personal data and private texts of each side carry its tag ("B社区标记甲", "王B秀英", a phone 1366222…), so a
body that shows another side's row is caught by a substring search. Texts of wishes on the public board are public
(the board shows them, masked of the person); they are kept apart.
"""

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sanji.cadres.models import Batch, BulletinReceipt
from sanji.cadres.services import placements as cadre_work
from sanji.cadres.services import reports, whistles
from sanji.classes.services import classes_regroup, project_open
from sanji.core import clock
from sanji.core import services as core
from sanji.core.models import Area, Claimer, ClaimerKind, Compound, PartyOrg, Role
from sanji.dispatch.services import batch_propose, claimer_profile_update
from sanji.notices.models import Notice, NoticeChannel
from sanji.notices.services import notices_deliver
from sanji.property.models import Building, Owner, Unit
from sanji.property.services.consultations import consultation_open, visit_record
from sanji.property.services.reelections import objection_raise
from sanji.property.services.votes import ballot_enter, vote_create, vote_transition
from sanji.wishes import services as wish_services
from sanji.wishes.transitions import transition
from tests.cadres.helpers import Pool, build_pool, placed, placement_of
from tests.classes.helpers import class_of
from tests.factories import UserFactory, area, fresh, partner_unit, staff
from tests.property.helpers import SMALL, Yard, walk

from . import fingerprint

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)  # the cadre batch and the owners' votes start here
DURING = dt.datetime(2026, 4, 1, 10, 0, tzinfo=SHANGHAI)  # inside every placement
MIDTERM = dt.datetime(2026, 6, 20, 10, 0, tzinfo=SHANGHAI)  # after the placements' midpoint
WISHES_AT = dt.datetime(2026, 6, 15, 9, 0, tzinfo=SHANGHAI)
LATELY = dt.datetime(2026, 6, 21, 9, 0, tzinfo=SHANGHAI)
#: The moment every request of the tests is made.
NOW = dt.datetime(2026, 6, 22, 10, 0, tzinfo=SHANGHAI)
HOUR = dt.timedelta(hours=1)

DIGIT = {"A": "1", "B": "2", "C": "3"}
#: Three needs that the class grouping puts in one class each: one topic per side.
TOPICS = {
    "A": ["轮椅坏了，想找人修一下", "家里老人的轮椅坏了需要维修", "轮椅轮子坏了请帮忙修理"],
    "B": ["希望有人辅导孩子数学", "孩子数学跟不上，想找人辅导", "想给孩子找个数学辅导老师"],
    "C": ["楼道声控灯坏了想找人换", "楼道里的声控灯不亮需要更换", "请帮忙更换楼道声控灯"],
}


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


@dataclass
class Side:
    """One community with its people and its objects, and the strings that mark its data."""

    tag: str
    community: Area
    street: Area
    people: dict = field(default_factory=dict)  # role -> User
    objects: dict = field(default_factory=dict)  # name -> model instance
    private: list = field(default_factory=list)  # personal data and texts no one outside may read
    public: list = field(default_factory=list)  # texts of its wishes on the public board
    rows: frozenset = frozenset()  # (model label, pk) of every row that belongs to it

    def __getitem__(self, name):
        if name not in self.objects:
            raise Missing(f"side {self.tag} has no {name}")
        return self.objects[name]

    def pk(self, name) -> int:
        return self[name].pk

    def user(self, role):
        if self.people.get(role) is None:
            raise Missing(f"side {self.tag} has no {role}")
        return self.people[role]


class Missing(LookupError):
    """The side has no object of this kind (C has no placed cadre)."""


@dataclass
class ScopeWorld:
    pool: Pool
    sides: dict  # tag -> Side
    district_admin: object
    street_officer: object  # of 湛山街道: A and B, not C

    def __getitem__(self, tag) -> Side:
        return self.sides[tag]


def _mark(name: str, tag: str) -> str:
    return f"{name[0]}{tag}{name[1:]}"


def _phone(tag: str, n: int) -> str:
    return f"1366{DIGIT[tag] * 3}{n:04d}"


def _user(side: Side, role: str, **kw):
    user = UserFactory(username=f"{role}-{side.tag.lower()}-scope", **kw)
    side.people[role] = user
    return user


def _people(side: Side, world, org: PartyOrg) -> None:
    t = side.tag
    resident = _user(side, "resident")
    person = core.resident_create(name=_mark("王秀英", t), community=side.community, gender="female",
                                  phone=_phone(t, 1), address=f"{t}社区标记路9号", user=resident)
    other = core.resident_create(name=_mark("李桂兰", t), community=side.community, gender="female",
                                 phone=_phone(t, 2), address=f"{t}社区标记路11号")
    member = _user(side, "member")
    core.member_report(name=_mark("孙红梅", t), party_org=org, community=side.community, phone=_phone(t, 3),
                       user=member)
    side.objects.update(resident=person, resident_entered=other, member=member.party_member,
                        member_claimer=member.party_member.claimer)
    if side.people.get("unit") is None:
        unit = partner_unit([side.community], name=f"{t}社区标记共建单位")
        core.role_grant(user=_user(side, "unit"), role=Role.UNIT_COORDINATOR, area=side.street, partner_unit=unit)
        side.private.append(unit.name)
    side.objects["community_claimer"] = Claimer.objects.get(kind=ClaimerKind.COMMUNITY, area=side.community)
    side.objects["street_claimer"] = Claimer.objects.get(kind=ClaimerKind.STREET, area=side.street)
    side.private += [person.name, _phone(t, 1), person.address, other.name, _phone(t, 2), other.address,
                     member.party_member.name, _phone(t, 3)]


def _act(wish, action, user, **params):
    return transition(wish_id=wish.pk, action=action, actor=fresh(user), params=params)


def _wishes(side: Side) -> None:
    """Wishes of the side's resident in each state, a request photo, evidence photos, a volunteer."""
    t, people = side.tag, side.people
    staff_, resident, member = people["staff"], people["resident"], people["member"]
    wishes = side.objects.setdefault("wishes", {})
    with clock.at(WISHES_AT):
        wishes["submitted"] = wish_services.wish_submit(
            actor=fresh(resident), text=f"{t}社区标记甲：想请人教我用智能手机", photos=[png()])
        wishes["entered"] = wish_services.wish_submit(actor=fresh(staff_), text=f"{t}社区标记乙：家里水管漏水",
                                                      resident=side["resident_entered"].pk)
        side.private += [wishes["submitted"].text, wishes["entered"].text]
        steps = {
            "published": ["approve"],
            "claimed": ["approve", "claim"],
            "fulfilled": ["approve", "claim", "start", "fulfil"],
            "closed": ["approve", "claim", "start", "fulfil", "confirm"],
        }
        for n, (state, actions) in enumerate(steps.items(), start=1):
            wish = wish_services.wish_submit(actor=fresh(resident), text=f"{t}社区公开心愿{n}号：需要帮忙搬运旧家具")
            side.public.append(wish.text)
            for action in actions:
                actor = {"approve": staff_, "confirm": resident}.get(action, member)
                params = {"note": f"{t}圆梦记录标记", "photos": [png()]} if action == "fulfil" else {}
                params = {"satisfaction": "satisfied"} if action == "confirm" else params
                wish = _act(wish, action, actor, **params)
            wishes[state] = wish
        side.private.append(f"{t}圆梦记录标记")
        wish_services.volunteer_record(wish_id=wishes["claimed"].pk, actor=fresh(member), name=_mark("赵志刚", t),
                                       hours="2", phone=_phone(t, 4))
        side.private += [_mark("赵志刚", t), _phone(t, 4)]
        side.objects["topic"] = [_act(wish_services.wish_submit(actor=fresh(resident), text=text), "approve", staff_)
                                 for text in TOPICS[t]]
    side.objects["request_photo"] = wishes["submitted"].photos.get()
    side.objects["photo"] = wishes["closed"].photos.first()
    claimer = side["member_claimer"]
    claimer_profile_update(actor=fresh(member), claimer_id=claimer.pk, capacity=3, duty_type_codes=["tutoring"],
                           speciality=f"{t}社区标记特长", occupation="教师")
    side.private.append(f"{t}社区标记特长")
    with clock.at(LATELY):
        batch = batch_propose(actor=fresh(staff_), area_id=side.community.pk)
    side.objects.update(dispatch_batch=batch, dispatch_line=batch.lines.first())


def _yard(side: Side) -> Yard:
    """Return a compound of the small registry whose owners' names carry the side's tag (keyed by plain name)."""
    compound = Compound.objects.create(name=f"{side.tag}社区标记小区", community=side.community)
    buildings, owners, units = {}, {}, {}
    for i, (building, number, size, owner, developer) in enumerate(SMALL):
        if building not in buildings:
            buildings[building] = Building.objects.create(compound=compound, name=building)
        if owner not in owners:
            name = owner if developer else _mark(owner, side.tag)
            owners[owner] = Owner.objects.create(compound=compound, name=name, is_developer=developer,
                                                 phone="" if developer else _phone(side.tag, 10 + i))
            if not developer:
                side.private += [name, _phone(side.tag, 10 + i)]
        units[(building, number)] = Unit.objects.create(building=buildings[building], number=number,
                                                        area=Decimal(size), owner=owners[owner])
    return Yard(compound, owners, units)


def _property(side: Side, world) -> None:
    t, staff_ = side.tag, side.people["staff"]
    place = _yard(side)
    owner = place.owner("王秀英")
    owner.user = _user(side, "owner")
    owner.save(update_fields=["user"])
    side.objects.update(compound=place.compound, owner=owner, unit=place.units[("1号楼", "101")],
                        other_unit=place.units[("1号楼", "201")])
    side.private.append(place.compound.name)
    with clock.at(T0):
        consultation = consultation_open(actor=fresh(staff_), compound_id=place.compound.pk,
                                         question=f"{t}社区标记征询：是否加装电梯")
        for unit in list(place.units.values())[:3]:
            visit_record(actor=fresh(staff_), consultation_id=consultation.pk, unit_id=unit.pk, opinion="agree",
                         remarks=f"{t}社区标记入户意见")
        vote = vote_create(actor=fresh(staff_), compound_id=place.compound.pk, matter=4,
                           title=f"{t}社区标记表决", proposal="选聘青岛海湾物业为本院物业服务企业，服务期三年。",
                           opens_at=T0 + dt.timedelta(days=15), closes_at=T0 + dt.timedelta(days=22))
        vote_transition(actor=fresh(staff_), vote_id=vote.pk, action="announce")
    with clock.at(vote.opens_at):
        ballots = [ballot_enter(actor=fresh(staff_), vote_id=vote.pk, owner_id=o.pk, choice="yes")
                   for o in place.owners.values() if not o.is_developer]
    with clock.at(vote.closes_at):
        vote = vote_transition(actor=fresh(staff_), vote_id=vote.pk, action="count")
    side.private += [consultation.question, f"{t}社区标记入户意见", vote.title]
    reelection = walk(world, place, "announced", staff=staff_)
    with clock.at(reelection.announced_at + HOUR):
        objection = objection_raise(actor=fresh(staff_), reelection_id=reelection.pk, text=f"{t}社区标记异议",
                                    raised_by=_mark("张桂兰", t))
    side.private.append(objection.text)
    side.objects.update(consultation=consultation, vote=vote, ballot=ballots[0], reelection=reelection,
                        reelection_vote=reelection.vote, candidate=reelection.candidates.first(),
                        objection=objection)


def _cadres(side: Side, pool: Pool, cadre_name: str) -> None:
    t, staff_ = side.tag, side.people["staff"]
    placement = placement_of(pool, cadre_name)
    cadre = pool.cadre_users[cadre_name]
    side.people["cadre"] = cadre
    side.private.append(cadre_name)
    with clock.at(DURING):
        log = cadre_work.log_add(actor=fresh(cadre), placement_id=placement.pk, on=DURING.date(), kind="work",
                                 text=f"{t}社区标记民情日志", people=3)
        task = cadre_work.task_assign(actor=fresh(staff_), placement_id=placement.pk, title=f"{t}社区标记任务",
                                      due_on=dt.date(2026, 7, 1))
        report = reports.report_file(actor=fresh(cadre), placement_id=placement.pk, kind="opinions",
                                     title=f"{t}社区标记哨报", body=f"{t}社区标记哨报正文")
    with clock.at(MIDTERM):
        evaluation = cadre_work.evaluation_record(actor=fresh(staff_), placement_id=placement.pk, stage="mid",
                                                  side="community", grade="excellent", comment=f"{t}社区标记评价")
    with clock.at(LATELY):
        whistle = whistles.whistle_raise(actor=fresh(staff_), community_id=side.community.pk, kind="daily",
                                         problem=f"{t}社区标记吹哨", agency_ids=[pool.civil.pk])
    side.private += [log.text, task.title, report.title, report.body, evaluation.comment, whistle.problem]
    side.objects.update(placement=placement, log=log, task=task, report=report, evaluation=evaluation,
                        whistle=whistle, call=whistle.calls.get(), receipt=BulletinReceipt.objects.get(
                            placement=placement))


def _side(tag: str, community: Area, street: Area, **people) -> Side:
    side = Side(tag, community, street)
    side.people.update(people)
    return side


def build_scope_world() -> ScopeWorld:
    """Build the district; takes a few seconds, so the tests build it once per module."""
    pool = build_pool()
    placed(pool)
    world = pool.world
    org = PartyOrg.objects.get(name="区教育和体育局机关党委")
    street2 = area("八大关街道", "street", world.district)
    c = area("太平角社区", "community", street2)
    sides = {
        "A": _side("A", world.a, world.street, staff=world.staff_a, unit=world.unit_a),
        "B": _side("B", world.b, world.street, staff=world.staff_b),
        "C": _side("C", c, street2, staff=staff(c, username="staff-c")),
    }
    # The people of build_world are B's too: their personal data must not leak either.
    sides["B"].private += ["13588880000", "湛山一路3号1单元101户"]
    with clock.at(DURING):
        reports.bulletin_publish(actor=fresh(pool.desk_petitions), agency_id=pool.petitions.pk,
                                 title="关于做好信访接待的通知", body="请向居民讲解新的接待时间。")
    for side in sides.values():
        _people(side, world, org)
        _wishes(side)
        _property(side, world)
    _cadres(sides["A"], pool, "孙嘉怡")
    _cadres(sides["B"], pool, "李浩然")
    with clock.at(LATELY):
        classes_regroup(district=world.district)
        admin = fresh(world.district_admin)
        for side in sides.values():
            wish_class = class_of(side["topic"][0])
            project = project_open(actor=admin, class_id=wish_class.pk, title=f"{side.tag}社区项目",
                                   goal="一个月内解决", lead_id=side["street_claimer"].pk, area_id=side.street.pk,
                                   milestones=[("摸底", "2026-07-01")])
            side.objects.update(wish_class=wish_class, project=project, milestone=project.milestones.get())
    with clock.at(NOW - HOUR):
        notices_deliver()
    batch = Batch.objects.get()
    for side in sides.values():  # the district's one batch of cadres, the same for every side
        side.objects.update(cadre_batch=batch, proposal=batch.proposals.first())
    snap = fingerprint.snapshot()
    for side in sides.values():
        users = [u for u in side.people.values() if u is not None]
        side.objects["notice"] = Notice.objects.filter(recipient__in=users, channel=NoticeChannel.INBOX).first()
        seeds = [("core.Area", side.community.pk), *(("core.User", u.pk) for u in users)]
        seeds += [(type(side[n])._meta.label, side.pk(n)) for n in ("wish_class", "project") if n in side.objects]
        if "placement" in side.objects:
            seeds.append(("cadres.Placement", side.pk("placement")))
        side.rows = fingerprint.rows_of(seeds, snap)
    return ScopeWorld(pool, sides, world.district_admin, world.street_officer)
