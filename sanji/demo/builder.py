"""Build the demo district: idempotent, deterministic, through the same services as real use.

Running it twice changes nothing the second time: every row is looked up by a natural key first, and
demo wishes carry an ``external_ref`` beginning with ``demo-``.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from sanji.classes.services import classes_regroup
from sanji.core import clock
from sanji.core import services as core
from sanji.core.models import (
    Area,
    AreaLevel,
    Claimer,
    Compound,
    PartnerUnit,
    PartyMember,
    PartyOrg,
    PriorityGroup,
    Resident,
    Role,
    User,
)
from sanji.core.reference import ensure_priority_groups
from sanji.core.validators import id_check_digit
from sanji.dispatch import services as dispatch
from sanji.dispatch.models import Responsibility
from sanji.dispatch.reference import ensure_matrix
from sanji.wishes import services as wishes
from sanji.wishes.models import DutyType, Wish
from sanji.wishes.reference import ensure_catalogue
from sanji.wishes.transitions import transition

from . import cadres as cadres_demo
from . import data
from . import property as property_demo
from .history import HistoryDemo

DEMO_PASSWORD = "sanji-demo"

#: The demo accounts and what each is for (printed by ``sanji demo``).
ACCOUNTS = [
    ("demo-resident", "林志强 (resident of 仰口路社区; the seed story's father)"),
    ("demo-staff", "community staff of 仰口路社区"),
    ("demo-staff2", "community staff of 湛山一路社区"),
    ("demo-member", "party member reported to 仰口路社区"),
    ("demo-unit", "coordinator of 青岛大学, a partner unit of 仰口路社区"),
    ("demo-street", "officer of 湛山街道"),
    ("demo-district", "administrator of 市南区"),
    ("demo-property", "韩秀梅, community secretary of 延安三路社区 (湾仔小区: consultation, votes, re-election)"),
    ("demo-owner", "an owner in 湾仔小区 who votes online"),
    ("demo-cadre", "孔令哲, a young cadre of 区信访局 placed in 仰口路社区 (log, sentinel reports, whistles)"),
    ("demo-agency", "the desk of 区信访局 (reports inbox, policy documents, reporting to whistles)"),
    ("demo-agency2", "the desk of 区城市管理局 (reporting to whistles)"),
]

#: The path of actions that takes a new wish to each state.
PATHS = {
    "submitted": [],
    "rejected": ["reject"],
    "withdrawn": ["approve", "withdraw"],
    "published": ["approve"],
    "dispatched": ["dispatch"],
    "claimed": ["approve", "claim"],
    "in_progress": ["approve", "claim", "start"],
    "fulfilled": ["approve", "claim", "start", "fulfil"],
    "closed": ["approve", "claim", "start", "fulfil", "confirm"],
}


@dataclass
class District:
    root: Area
    streets: dict
    communities: dict
    staff: dict
    members: dict
    units: dict


def _area(name, level, parent, code=None):
    found = Area.objects.filter(name=name, parent=parent).first()
    return found or core.area_create(name=name, level=level, parent=parent, code=code)


def _user(username, display_name, password=None):
    user = User.objects.filter(username=username).first()
    if user is None:
        user = core.user_create(username=username, password=password, display_name=display_name)
    return user


#: The parts built beside the wishes; a test of one part may leave the others out (``build_demo(parts=...)``).
PARTS = ("property", "cadres", "history")


class Builder:
    def __init__(self, *, now: dt.datetime | None = None, seed: int = 20240601, parts=PARTS):
        self.rng = random.Random(seed)
        self.register_rng = random.Random(seed + 1)  # ID numbers and care notes, apart from the rest of the demo
        self.now = now or clock.now()
        self.parts = frozenset(parts)

    # -- people -------------------------------------------------------------------------------------
    def name(self) -> str:
        return self.rng.choice(data.SURNAMES) + self.rng.choice(data.GIVEN)

    def phone(self) -> str:
        return self.rng.choice(["135", "139", "150", "152", "158", "186", "187"]) + "".join(
            str(self.rng.randrange(10)) for _ in range(8))

    def id_number(self, *, elderly: bool) -> str:
        """Return a made-up ID-card number of 市南区 (370202) with a right check digit."""
        r = self.register_rng.randrange
        born = dt.date(1938, 1, 1) + dt.timedelta(days=r(0, 17 * 365)) if elderly else \
            dt.date(1958, 1, 1) + dt.timedelta(days=r(0, 40 * 365))
        first17 = f"{data.DISTRICT_CODE}{born:%Y%m%d}{r(0, 1000):03d}"
        return first17 + id_check_digit(first17)

    def care_note(self, groups) -> str:
        notes = [data.CARE_NOTES[g.code] for g in groups if g.code in data.CARE_NOTES]
        return "；".join(self.register_rng.choice(n) for n in notes)

    def address(self, road: str) -> str:
        r = self.rng.randrange
        return f"{road}{r(1, 90)}号{r(1, 6)}单元{r(1, 7)}0{r(1, 4)}户"

    # -- the tree -----------------------------------------------------------------------------------
    def places(self) -> District:
        # Division codes: the district's real one, made-up street and community digits after it.
        root = _area(data.DISTRICT, AreaLevel.DISTRICT, None, data.DISTRICT_CODE)
        streets, communities, staff = {}, {}, {}
        for s, (street_name, community_names) in enumerate(data.STREETS.items(), start=1):
            code = f"{data.DISTRICT_CODE}{s:03d}"
            street = streets[street_name] = _area(street_name, AreaLevel.STREET, root, f"{code}000")
            committee = self._org(f"{street_name}党工委", "street_committee", street)
            for c, community_name in enumerate(community_names, start=1):
                community = communities[community_name] = _area(
                    community_name, AreaLevel.COMMUNITY, street, f"{code}{c:03d}")
                self._org(f"{community_name}党委", "community_committee", community, committee)
                for n in (1, 2):
                    _area(f"第{n}网格", AreaLevel.GRID, community)
                self._compounds(community)
                staff[community_name] = self._community_staff(community)
        for _street, community_name, compound_name, mode in data.PILOT_COMPOUNDS:
            community = communities[community_name]
            Compound.objects.update_or_create(
                community=community, name=compound_name,
                defaults={"kind": "open", "management_mode": mode, "is_pilot": True},
            )
            self._org(f"{compound_name}楼院党支部", "compound_branch", community,
                      PartyOrg.objects.get(name=f"{community_name}党委"))
        return District(root, streets, communities, staff, {}, {})

    def _org(self, name, kind, area, parent=None):
        found = PartyOrg.objects.filter(name=name).first()
        return found or core.party_org_create(name=name, kind=kind, area=area, parent=parent)

    def _compounds(self, community):
        road = community.name.removesuffix("社区")
        for index, suffix in enumerate(data.COMPOUND_SUFFIXES):
            name = f"{road}{index * 12 + 3}号{suffix}" if suffix != "小区" else f"{road}小区"
            Compound.objects.get_or_create(
                community=community, name=name,
                defaults={"kind": "closed" if suffix == "小区" else "open",
                          "management_mode": self.rng.choice(["none", "commercial", "self_managed"])},
            )

    def _community_staff(self, community):
        user = _user(f"staff-{community.pk}", self.name())
        core.role_grant(user=user, role=Role.COMMUNITY_STAFF, area=community)
        return user

    # -- organisations and helpers ------------------------------------------------------------------
    def helpers(self, district: District) -> None:
        for name in data.AGENCY_ORGS:
            self._org(name, "agency", district.root)
        agencies = list(PartyOrg.objects.filter(kind="agency").order_by("pk"))
        for name, kind, community_names, services in data.PARTNER_UNITS:
            unit = PartnerUnit.objects.filter(name=name).first()
            if unit is None:
                unit = core.partner_unit_create(
                    name=name, kind=kind, services=services,
                    communities=[district.communities[c] for c in community_names],
                )
            district.units[name] = unit
            coordinator = _user(f"unit-{unit.pk}", f"{name}联络员")
            core.role_grant(user=coordinator, role=Role.UNIT_COORDINATOR, area=district.root, partner_unit=unit)
        for community_name, community in district.communities.items():
            count = 5 if community.parent.name == "湛山街道" else 2
            existing = list(PartyMember.objects.filter(reported_community=community).order_by("pk"))
            for index in range(len(existing), count):
                user = _user(f"member-{community.pk}-{index}", "")
                occupation, speciality, _types = data.MEMBER_PROFILES[(community.pk * 7 + index)
                                                                      % len(data.MEMBER_PROFILES)]
                grids = list(community.children.order_by("pk"))
                member = core.member_report(
                    name=self.name(), party_org=agencies[(community.pk + index) % len(agencies)],
                    community=community, phone=self.phone(), speciality=speciality, occupation=occupation,
                    home_grid=grids[index % len(grids)] if grids else None, user=user,
                )
                user.display_name = member.name
                user.save(update_fields=["display_name"])
                existing.append(member)
            district.members[community_name] = existing

    def residents(self, district: District) -> dict:
        groups = {g.code: g for g in PriorityGroup.objects.all()}
        codes = list(groups)
        by_community = {}
        for community_name, community in district.communities.items():
            people = list(Resident.objects.filter(community=community).order_by("pk"))
            grids = list(community.children.order_by("pk"))
            compounds = list(community.compounds.order_by("pk"))
            road = community.name.removesuffix("社区")
            for index in range(len(people), 8):
                chosen = [groups[codes[index % len(codes)]]]
                if index % 3 == 0:
                    chosen.append(groups[self.rng.choice(data.ALSO_IN[chosen[0].code])])
                people.append(core.resident_create(
                    name=self.name(), community=community, gender=self.rng.choice(["male", "female"]),
                    phone=self.phone(), address=self.address(road), grid=grids[index % len(grids)],
                    compound=compounds[index % len(compounds)], priority_groups=set(chosen),
                    id_number=self.id_number(elderly=bool({"elderly", "empty_nest"} & {g.code for g in chosen})),
                    care_note=self.care_note(chosen),
                ))
            by_community[community_name] = people
        return by_community

    # -- accounts -----------------------------------------------------------------------------------
    def accounts(self, district: District) -> dict:
        yangkou = district.communities["仰口路社区"]
        users = {}
        users["demo-resident"] = _user("demo-resident", "林志强", DEMO_PASSWORD)
        lin = Resident.objects.filter(user=users["demo-resident"]).first()
        if lin is None:
            lin = Resident.objects.filter(name="林志强", community=yangkou).first() or core.resident_create(
                name="林志强", community=yangkou, gender="male", phone="13906428815",
                address="仰口路17号2单元302户", id_number=self.id_number(elderly=False),
                care_note="低保户；左腿残疾，上下楼需人搀扶", grid=yangkou.children.order_by("pk").first(),
                compound=yangkou.compounds.order_by("pk").first(),
                priority_groups=PriorityGroup.objects.filter(code__in=["low_income", "disabled"]),
                user=users["demo-resident"],
            )
        staff_specs = [("demo-staff", "仰口路社区", "周海燕", Role.COMMUNITY_STAFF),
                       ("demo-staff2", "湛山一路社区", "孙丽娟", Role.COMMUNITY_STAFF)]
        for username, community_name, display, role in staff_specs:
            users[username] = _user(username, display, DEMO_PASSWORD)
            core.role_grant(user=users[username], role=role, area=district.communities[community_name])
        users["demo-street"] = _user("demo-street", "王振华", DEMO_PASSWORD)
        core.role_grant(user=users["demo-street"], role=Role.STREET_OFFICER, area=district.streets["湛山街道"])
        users["demo-district"] = _user("demo-district", "刘文华", DEMO_PASSWORD)
        core.role_grant(user=users["demo-district"], role=Role.DISTRICT_ADMIN, area=district.root)
        users["demo-unit"] = _user("demo-unit", "青岛大学 陈老师", DEMO_PASSWORD)
        core.role_grant(user=users["demo-unit"], role=Role.UNIT_COORDINATOR, area=district.streets["湛山街道"],
                        partner_unit=district.units["青岛大学"])
        users["demo-member"] = _user("demo-member", "赵德明", DEMO_PASSWORD)
        if not PartyMember.objects.filter(user=users["demo-member"]).exists():
            core.member_report(name="赵德明", party_org=PartyOrg.objects.get(name="区教育和体育局机关党委"),
                               community=yangkou, phone="13589216650", speciality="数学辅导、物理辅导",
                               occupation="中学教师", home_grid=yangkou.children.order_by("pk").first(),
                               user=users["demo-member"])
        users["lin"] = lin
        property_demo.add_accounts(self, district, users, _user, DEMO_PASSWORD)
        cadres_demo.add_accounts(users, _user, DEMO_PASSWORD)
        return users

    # -- wishes -------------------------------------------------------------------------------------
    def _moment(self, days_ago: float) -> dt.datetime:
        return self.now - dt.timedelta(days=days_ago)

    def _resident(self, community_name: str, category: str, index: int) -> Resident:
        """Return a resident of the community whose priority groups fit a wish of ``category``."""
        people = self._people[community_name]
        likely = data.LIKELY_GROUPS.get(category)
        fitting = [p for p in people if likely and likely & {g.code for g in p.priority_groups.all()}]
        pool = fitting or people
        return pool[index % len(pool)]

    def _run(self, ref, *, submitter, resident, text, category, steps, start_days_ago, channel=None):
        """Submit a wish and take it through ``steps`` [(action, actor, params)], a day or two apart."""
        if Wish.objects.filter(external_ref=ref).exists():
            return Wish.objects.get(external_ref=ref)
        moment = start_days_ago
        with clock.at(self._moment(moment)):
            wish = wishes.wish_submit(actor=submitter, resident=resident.pk, text=text, category=category,
                                      channel=channel, external_ref=ref)
        gap = start_days_ago / (len(steps) + 1) if steps else 0
        for action, actor, params in steps:
            moment -= gap * self.rng.uniform(0.6, 1.0)
            with clock.at(self._moment(max(moment, 0.01))):
                if action == "volunteers":
                    for name, hours in params:
                        wishes.volunteer_record(wish_id=wish.pk, actor=actor, name=name, hours=hours)
                    continue
                transition(wish_id=wish.pk, action=action, actor=actor, params=params)
        return wish

    def story_wishes(self, district: District, users: dict) -> None:
        yangkou = district.communities["仰口路社区"]
        staff, unit, member = users["demo-staff"], users["demo-unit"], users["demo-member"]
        lin = users["lin"]
        qdu = district.units["青岛大学"].claimer
        self._run(
            "demo-story-tutoring", submitter=users["demo-resident"], resident=lin, category="tutoring",
            text="希望能有人帮助我家孩子提高学习成绩。我身体不好，女儿性格内向，功课上我辅导不了她。",
            start_days_ago=24,
            steps=[
                ("approve", staff, {"note": "社区党委联合湛山街道社工站联系共建单位认领"}),
                ("dispatch", staff, {"assignee": qdu.pk, "note": "链接青岛大学，招募大学生志愿者"}),
                ("claim", unit, {"note": "已招募4名大学生志愿者，每周两次上门辅导"}),
                ("start", unit, {}),
                ("volunteers", unit, [("韩雨桐", "12"), ("程一鸣", "10"), ("许欣怡", "8"), ("邓浩然", "6")]),
            ],
        )
        self._run("demo-story-lin-repair", submitter=users["demo-resident"], resident=lin, category="home_repair",
                  text="厨房的下水管堵了，自己弄不通，希望有人帮忙疏通一下。", start_days_ago=9,
                  steps=[("approve", staff, {}), ("claim", member, {}), ("start", member, {}),
                         ("fulfil", member, {"note": "已上门疏通下水管并更换了老化的管件。"})])
        self._run("demo-story-lin-new", submitter=users["demo-resident"], resident=lin, category="policy_advice",
                  text="想咨询一下大病医疗救助怎么申请，需要哪些材料。", start_days_ago=0.5, steps=[])
        # One wish in every state in 仰口路社区, for the staff, the member and the unit to act on.
        script = [
            ("submitted", "material_aid", 1, []),
            ("submitted", "elder_disability_aid", 3, []),
            ("rejected", "material_aid", 6,
             [("reject", staff, {"reason": "已由民政部门按临时救助政策办理，不再作为微心愿发布。"})]),
            ("withdrawn", "mediation", 8,
             [("approve", staff, {}), ("withdraw", staff, {"reason": "居民来电说邻居已自行协商解决。"})]),
            ("published", "medical_escort", 2, [("approve", staff, {})]),
            ("published", "skills_training", 4, [("approve", staff, {})]),
            ("published", "home_repair", 10, [("approve", staff, {})]),
            ("dispatched", "tutoring", 3, [("dispatch", staff, {"assignee": qdu.pk})]),
            ("claimed", "home_repair", 5, [("approve", staff, {}), ("claim", member, {})]),
            ("in_progress", "elder_disability_aid", 12, [("approve", staff, {}), ("claim", member, {}),
                                                          ("start", member, {})]),
            ("fulfilled", "culture_sports", 15, [("approve", staff, {}), ("claim", unit, {}), ("start", unit, {}),
                                                 ("fulfil", unit, {"note": "音乐系学生每周三下午来社区教唱歌。"})]),
            ("closed", "medical_escort", 30, [("approve", staff, {}), ("claim", member, {}), ("start", member, {}),
                                              ("fulfil", member, {"note": "已陪同到市立医院复查并取药。"}),
                                              ("confirm", staff, {"satisfaction": "satisfied",
                                                                  "note": "回访：老人很满意。"})]),
            ("closed", "environment", 40, [("approve", staff, {}), ("claim", unit, {}), ("start", unit, {}),
                                           ("fulfil", unit, {"note": "组织志愿者清理楼院杂物两车。"}),
                                           ("confirm", staff, {"satisfaction": "basically_satisfied"})]),
        ]
        texts = dict(data.WISH_TEXTS)
        for index, (_state, category, days, steps) in enumerate(script):
            self._run(f"demo-yangkou-{index}", submitter=staff, resident=self._resident(yangkou.name, category, index),
                      text=texts[category], category=category, steps=steps, start_days_ago=days,
                      channel="visit")
        # The same wish phoned in again by the family, merged by staff into the first one.
        original = Wish.objects.get(external_ref="demo-yangkou-7")
        self._run("demo-yangkou-merged", submitter=staff, resident=original.beneficiary, category="tutoring",
                  text=original.text + "家长又打电话问了一次。", start_days_ago=1, channel="hotline",
                  steps=[("merge", staff, {"into": original.pk, "note": "同一户重复反映"})])

    def class_wishes(self, district: District) -> None:
        """Submit wishes that recur across communities and months, some this month, the rest in the two before."""
        communities = list(district.communities.values())
        local_now = timezone.localtime(self.now)
        this_month = (local_now - local_now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)).total_seconds()
        this_month_days = this_month / 86400
        for number, (category, recent, texts) in enumerate(data.CLASS_WISHES):
            for index, text in enumerate(texts):
                community = communities[(number * 3 + index) % len(communities)]
                staff = district.staff[community.name]
                if index < round(recent * len(texts)):
                    days = self.rng.uniform(0.02, 0.9) * this_month_days
                else:
                    days = this_month_days + self.rng.uniform(1, 55)
                steps = [("approve", staff, {})] if index % 2 else []
                self._run(f"demo-class-{number}-{index}", submitter=staff,
                          resident=self._resident(community.name, category, index), text=text, category=category,
                          steps=steps, start_days_ago=days, channel="visit")

    def profiles(self, district: District) -> None:
        """Give every claimer its 报到 profile or service list and a capacity (kept if already set)."""
        types = {t.code: t for t in DutyType.objects.all()}
        by_speciality = {speciality: codes for _o, speciality, codes in data.MEMBER_PROFILES}
        by_speciality["数学辅导、物理辅导"] = ["tutoring"]
        for claimer in Claimer.objects.select_related("member", "partner_unit").filter(profile__isnull=True):
            if claimer.kind == "member":
                codes, capacity = by_speciality.get(claimer.member.speciality, []), 2 + claimer.pk % 3
            elif claimer.kind == "partner_unit":
                codes, capacity = data.UNIT_PROFILES.get(claimer.partner_unit.name, ([], 5))
            elif claimer.kind == "party_org":
                codes, capacity = [], 4
            else:  # a street or community answers for everything the matrix gives it
                codes, capacity = [], 10 if claimer.kind == "community" else 20
            dispatch.profile_set(claimer=claimer, capacity=capacity, duty_types=[types[c] for c in codes])

    def street_backlog(self, district: District) -> None:
        """Put wishes on the board of 湛山街道 for the batch dispatch to propose claimers for."""
        for index, (community_name, category, text, days) in enumerate(data.STREET_BACKLOG):
            staff = district.staff[community_name]
            self._run(f"demo-backlog-{index}", submitter=staff,
                      resident=self._resident(community_name, category, index), text=text, category=category,
                      steps=[("approve", staff, {})], start_days_ago=days, channel="visit")

    def bulk_wishes(self, district: District, users: dict) -> None:
        states = list(PATHS)
        for community_name, community in district.communities.items():
            if community_name == "仰口路社区":
                continue
            staff = users.get("demo-staff2") if community_name == "湛山一路社区" else district.staff[community_name]
            members = district.members[community_name]
            for index in range(4):
                state = states[(community.pk * 3 + index) % len(states)]
                category, text = data.WISH_TEXTS[(community.pk * 5 + index) % len(data.WISH_TEXTS)]
                helper = members[index % len(members)]
                steps = []
                for action in PATHS[state]:
                    steps.append(self._step(action, staff, helper, community))
                self._run(f"demo-{community.pk}-{index}", submitter=staff,
                          resident=self._resident(community_name, category, index),
                          text=text, category=category, steps=steps,
                          start_days_ago=self.rng.uniform(1, 45), channel="visit")

    def _step(self, action, staff, helper, community):
        if action == "reject":
            return (action, staff, {"reason": "此事需走政策渠道办理，已转街道。"})
        if action == "withdraw":
            return (action, staff, {"reason": "居民表示问题已自行解决。"})
        if action == "dispatch":
            return (action, staff, {"assignee": helper.claimer.pk})
        if action in ("claim", "start"):
            return (action, helper.user, {})
        if action == "fulfil":
            return (action, helper.user, {"note": "已按约定上门办理完毕。"})
        if action == "confirm":
            return (action, staff, {"satisfaction": self.rng.choice(["satisfied", "satisfied",
                                                                     "basically_satisfied", "unsatisfied"])})
        return (action, staff, {})

    # -- all ------------------------------------------------------------------------------------------
    @transaction.atomic
    def build(self) -> dict:
        from sanji.wishes.models import DutyCategory, WishPolicy

        ensure_priority_groups(PriorityGroup)
        ensure_catalogue(DutyCategory, DutyType, WishPolicy)
        ensure_matrix(DutyType, Responsibility)
        district = self.places()
        self.helpers(district)
        self._people = self.residents(district)
        users = self.accounts(district)
        self.profiles(district)
        self.story_wishes(district, users)
        self.street_backlog(district)
        self.bulk_wishes(district, users)
        self.class_wishes(district)
        if "history" in self.parts:
            HistoryDemo(self, district).build()
        classes_regroup(district=district.root)
        if "property" in self.parts:
            property_demo.PropertyDemo(self, district, users).build()
        if "cadres" in self.parts:
            cadres_demo.CadresDemo(self, district, users).build()
        return {
            "areas": Area.objects.count(),
            "residents": Resident.objects.count(),
            "members": PartyMember.objects.count(),
            "wishes": Wish.objects.count(),
            **property_demo.counts(),
            **cadres_demo.counts(),
        }


def build_demo(**kwargs) -> dict:
    """Build (or complete) the demo district and return counts of what it holds."""
    return Builder(**kwargs).build()
