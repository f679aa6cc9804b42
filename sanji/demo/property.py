"""The demo's red property management: the three pilot compounds of the article, with registries, a door-to-door
consultation, owners' votes with ballots, and committees at three points of their term.

- 湾仔小区 (延安三路社区): 288 units imported from a spreadsheet; the consultation on bringing in large-scale property
  management, about three households in four reached; the owners' vote that engaged the district's property
  company, counted; a vote on the maintenance fund with its ballot open now; and the committee's re-election with
  its owners' vote closed an hour ago, waiting to be counted and taken through its last steps.
- 伏龙山片区 (伏龙山社区): a smaller registry and a committee with years to run.
- 旌德支路一号 (单县路社区): a committee whose re-election should have started 20 days ago; the street is told.

Everything is written through the property services, at the times it would have happened (``clock.at``).
"""

import datetime as dt
import io
import random

from django.utils import timezone, translation

from sanji.core import clock
from sanji.core import services as core
from sanji.core.models import Compound, PartyOrg, Role
from sanji.property.models import Ballot, CommitteeTerm, Consultation, Owner, OwnersVote, Reelection, Unit
from sanji.property.services import consultations, reelections, registry, votes
from sanji.property.services.flags import reelections_flag_missed

#: (compound, buildings, entrances per building, floors, flats per floor, developer's unsold units)
REGISTRIES = {
    "湾仔小区": (8, 3, 6, 2, 6),
    "伏龙山片区": (5, 2, 5, 2, 0),
    "旌德支路一号": (3, 2, 4, 2, 2),
}
DEVELOPERS = {"湾仔小区": "青岛海湾置业有限公司", "旌德支路一号": "青岛旌德房地产开发有限公司"}
MODE_HISTORY = {
    "湾仔小区": [("none", 2016, "老旧楼院，无人管理"), ("self_managed", 2020, "楼院党支部牵头居民自管"),
                 ("commercial", 2024, "经业主大会表决引入专业物业")],
    "伏龙山片区": [("none", 2017, ""), ("scenic_joint", 2022, "与景区管理方签订共管协议")],
    "旌德支路一号": [("none", 2015, ""), ("self_managed", 2021, "居民自管小组成立")],
}


class PropertyDemo:
    def __init__(self, builder, district, users):
        self.b = builder
        self.rng = random.Random(278)
        self.district = district
        self.users = users
        self.now = builder.now

    def at(self, days: float, hour: int = 10):
        """Return the moment ``days`` from now (negative: ago) at ``hour`` o'clock, Asia/Shanghai."""
        day = timezone.localdate(self.now) + dt.timedelta(days=int(days))
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

    def build(self) -> None:
        if Reelection.objects.filter(compound__name="湾仔小区").exists():
            return  # built before
        with translation.override("zh-hans"):  # what staff type and what the services write, as in 市南区
            self._build()

    def _build(self) -> None:
        staff = self.users["demo-property"]
        for name, (community_name, actor) in {
            "湾仔小区": ("延安三路社区", staff),
            "伏龙山片区": ("伏龙山社区", self.users["demo-district"]),
            "旌德支路一号": ("单县路社区", self.users["demo-district"]),
        }.items():
            compound = Compound.objects.get(name=name, community__name=community_name)
            self.registry(compound, actor)
        wanzai = Compound.objects.get(name="湾仔小区")
        self.link_owner(wanzai)
        self.consultation(wanzai, staff)
        self.engage_vote(wanzai, staff)
        self.fund_vote(wanzai, staff)
        self.reelection(wanzai, staff)
        with clock.at(self.now):
            reelections_flag_missed()

    # -- registry ---------------------------------------------------------------------------------------
    def registry(self, compound, actor) -> None:
        buildings, entrances, floors, flats, unsold = REGISTRIES[compound.name]
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(["楼栋", "房号", "专有部分面积（㎡）", "业主", "联系电话", "开发商未售"])
        units = [(f"{b}号楼", f"{e}单元{f}0{n}") for b in range(1, buildings + 1) for e in range(1, entrances + 1)
                 for f in range(1, floors + 1) for n in range(1, flats + 1)]
        unsold_units = set(self.rng.sample(range(len(units)), unsold))
        owner = None
        for index, (building, number) in enumerate(units):
            area = f"{self.rng.randint(4850, 9680) / 100:.2f}"
            if index in unsold_units:
                sheet.append([building, number, area, DEVELOPERS[compound.name], "", "是"])
                continue
            if owner is None or self.rng.random() > 0.08:  # about one buyer in twelve holds the next unit too
                owner = (self.b.name(), self.b.phone())
            sheet.append([building, number, area, owner[0], owner[1], "否"])
        out = io.BytesIO()
        book.save(out)
        with clock.at(self.at(-400)):
            branch = PartyOrg.objects.filter(name=f"{compound.name}楼院党支部").first()
            registry.compound_update(actor=actor, compound_id=compound.pk, address=f"市南区{compound.name}",
                                     party_branch_id=str(branch.pk) if branch else "", is_pilot=True)
            registry.units_import(actor=actor, compound_id=compound.pk, data=out.getvalue())
        for mode, year, note in MODE_HISTORY[compound.name]:
            with clock.at(self.at(-300)):
                registry.compound_set_mode(actor=actor, compound_id=compound.pk, mode=mode,
                                           since=dt.date(year, 3, 1), note=note)
        owners = list(Owner.objects.filter(compound=compound, is_developer=False).order_by("pk"))
        ends = {"湾仔小区": 150, "伏龙山片区": 700, "旌德支路一号": 40}[compound.name]
        ends_on = timezone.localdate(self.now) + dt.timedelta(days=ends)
        members = [(o.pk, "chair" if i == 0 else "vice_chair" if i == 1 else "member")
                   for i, o in enumerate(self.rng.sample(owners, 5))]
        with clock.at(self.at(-390)):
            registry.committee_register(actor=actor, compound_id=compound.pk, number=1,
                                        starts_on=ends_on.replace(year=ends_on.year - 5), ends_on=ends_on,
                                        members=members)

    def link_owner(self, compound) -> None:
        """Give the demo owner's login to one of 湾仔小区's owners."""
        owner = Owner.objects.filter(compound=compound, is_developer=False).order_by("pk")[7]
        Owner.objects.filter(pk=owner.pk).update(user=self.users["demo-owner"])

    # -- consultation ---------------------------------------------------------------------------------------
    def consultation(self, compound, staff) -> None:
        with clock.at(self.at(-120)):
            found = consultations.consultation_open(
                actor=staff, compound_id=compound.pk, question="是否同意引入“大物业”规模化物业服务？",
                details="楼院党支部牵头，社区、网格员逐户上门征求意见，费用标准另行表决。")
        units = list(Unit.objects.filter(building__compound=compound).order_by("pk"))
        self.rng.shuffle(units)
        remarks = ["希望楼道灯先修好", "担心物业费上涨", "支持，盼望有人管", "车位紧张，希望统一规划", "", "", ""]
        for index, unit in enumerate(units[: int(len(units) * 0.82)]):
            when = self.at(-118 + index // 20, 9 + index % 9)
            if self.rng.random() < 0.09:  # nobody home the first time; some are reached on the second round
                with clock.at(when):
                    consultations.visit_record(actor=staff, consultation_id=found.pk, unit_id=unit.pk,
                                               opinion="not_home")
                if self.rng.random() < 0.5:
                    continue
                when += dt.timedelta(days=3)
            opinion = self.rng.choices(["agree", "disagree", "undecided"], weights=[74, 14, 12])[0]
            with clock.at(when):
                consultations.visit_record(actor=staff, consultation_id=found.pk, unit_id=unit.pk, opinion=opinion,
                                           remarks=self.rng.choice(remarks))

    # -- votes ----------------------------------------------------------------------------------------------
    def _ballots(self, vote, staff, *, turnout: float, weights, start: float, days: int) -> None:
        owners = list(Owner.objects.filter(compound=vote.compound_id).order_by("pk"))
        self.rng.shuffle(owners)
        voters = [o for o in owners[: int(len(owners) * turnout)] if o.user_id is None]
        for index, owner in enumerate(voters):
            choice = self.rng.choices(["yes", "no", "abstain"], weights=weights)[0]
            with clock.at(self.at(start + (index * days) // max(len(voters), 1), 9 + index % 10)):
                votes.ballot_enter(actor=staff, vote_id=vote.pk, owner_id=owner.pk, choice=choice)

    def engage_vote(self, compound, staff) -> None:
        with clock.at(self.at(-80)):
            vote = votes.vote_create(
                actor=staff, compound_id=compound.pk, matter=4,
                title="选聘青岛市南城投物业服务有限公司为本小区物业服务企业",
                proposal="根据逐户征求意见结果，拟选聘区属国有企业青岛市南城投物业服务有限公司提供规模化物业服务，"
                         "服务期三年，收费标准按业主大会另行表决确定。",
                opens_at=self.at(-60, 8), closes_at=self.at(-46, 18))
            votes.vote_transition(actor=staff, vote_id=vote.pk, action="announce")
        self._ballots(vote, staff, turnout=0.86, weights=[80, 12, 8], start=-60, days=13)
        with clock.at(self.at(-45)):
            votes.vote_transition(actor=staff, vote_id=vote.pk, action="count")

    def fund_vote(self, compound, staff) -> None:
        with clock.at(self.at(-20)):
            vote = votes.vote_create(
                actor=staff, compound_id=compound.pk, matter=5,
                title="使用专项维修资金维修3号楼、5号楼屋面防水",
                proposal="3号楼、5号楼顶层多户反映屋面渗漏。拟使用专项维修资金约18.6万元进行屋面防水维修，"
                         "费用按两栋楼专有部分面积分摊。",
                opens_at=self.at(-4, 8), closes_at=self.at(10, 18))
            votes.vote_transition(actor=staff, vote_id=vote.pk, action="announce")
        self._ballots(vote, staff, turnout=0.35, weights=[70, 18, 12], start=-4, days=4)

    # -- re-election ------------------------------------------------------------------------------------------
    def reelection(self, compound, staff) -> None:
        with clock.at(self.at(-40)):
            found = reelections.reelection_start(actor=staff, compound_id=compound.pk, term_years=5)
        owners = list(Owner.objects.filter(compound=compound, is_developer=False, user__isnull=True).order_by("pk"))
        picks = self.rng.sample(owners, 6)
        routes = ["self", "owners", "party_org", "residents_committee", "self", "owners"]
        for index, (owner, route) in enumerate(zip(picks, routes, strict=True)):
            nominators = "、".join(o.name for o in self.rng.sample(owners, 5)) if route == "owners" else ""
            with clock.at(self.at(-38 + index // 3)):
                reelections.candidate_nominate(actor=staff, reelection_id=found.pk, owner_id=owner.pk, route=route,
                                               nominators=nominators, statement="愿为楼院服务")
        for index, candidate in enumerate(found.candidates.order_by("pk")):
            with clock.at(self.at(-34)):
                if index == 4:
                    reelections.candidate_review(
                        actor=staff, reelection_id=found.pk, candidate_id=candidate.pk,
                        met={"capacity", "owner", "independent"}, reason="经核实拖欠物业费两年未缴，暂不符合条件")
                else:
                    reelections.candidate_review(
                        actor=staff, reelection_id=found.pk, candidate_id=candidate.pk,
                        met={"capacity", "owner", "conduct", "independent"},
                        reason="经楼院党支部、社区党委审查，符合条件")
        with clock.at(self.at(-31)):
            reelections.reelection_transition(actor=staff, reelection_id=found.pk, action="announce",
                                              opens_at=self.at(-15, 8), closes_at=self.now - dt.timedelta(hours=1))
        with clock.at(self.at(-27)):
            objection = reelections.objection_raise(actor=staff, reelection_id=found.pk, raised_by="6号楼业主",
                                                    text="候选人中没有6号楼的业主，能否增加？")
        with clock.at(self.at(-25)):
            reelections.objection_answer(
                actor=staff, reelection_id=found.pk, objection_id=objection.pk,
                answer="提名期间6号楼无人报名；新一届业委会将设6号楼楼长联络员，列席业委会会议。")
        found.refresh_from_db()
        self._ballots(found.vote, staff, turnout=0.81, weights=[85, 6, 9], start=-15, days=14)


def add_accounts(builder, district, users, user_factory, password) -> None:
    """Add the property demo's accounts: a secretary of 延安三路社区 and an owner of 湾仔小区."""
    users["demo-property"] = user_factory("demo-property", "韩秀梅", password)
    core.role_grant(user=users["demo-property"], role=Role.COMMUNITY_STAFF,
                    area=district.communities["延安三路社区"])
    users["demo-owner"] = user_factory("demo-owner", "湾仔小区业主", password)


def counts() -> dict:
    return {
        "owners": Owner.objects.count(),
        "units": Unit.objects.count(),
        "ballots": Ballot.objects.count(),
        "votes": OwnersVote.objects.count(),
        "committees": CommitteeTerm.objects.count(),
        "consultations": Consultation.objects.count(),
    }
