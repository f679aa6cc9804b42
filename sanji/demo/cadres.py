"""The demo's young cadres down to the grassroots (四下基层).

- Ten agencies, among them 区信访局 and the street office of 八大峡街道 (which supervises its own communities, so
  its cadres are never placed there), and the published needs of all thirty communities.
- The running batch, placed 200 days ago (named for its first day, such as 2026年第一期): the eligible practice
  cadres and the section-level assistants of the first thirty in the pool, adopted from a proposal of best total
  fit after the district moved 孔令哲 (``demo-cadre``, of 区信访局) to 仰口路社区, whose petitions he knows. He has a
  log, tasks, two sentinel reports (one answered, one waiting nine days) and a policy document read but not yet
  explained.
- The next batch, starting in a month: cadres and communities in, a stable proposal made, waiting for the district
  to adjust and adopt it.
- Whistles: in 仰口路社区 one closed and one open (区城市管理局 has reported, 区信访局 has not); more in other
  communities, some answered late, for the assessment of both sides.

Everything is written through the cadres' services at the times it would have happened (``clock.at``).
"""

import datetime as dt
import random

from django.utils import timezone, translation

from sanji.cadres.models import Agency, Batch, Cadre, Placement, Rank, Role, Skill, Task, Whistle
from sanji.cadres.services import batches, placements, pool, proposals, reports, whistles
from sanji.cadres.services.eligibility import eligibility_refusal
from sanji.core import clock

#: (agency, lines of business, street it supervises)
AGENCIES = [
    ("区信访局", ["petitions", "mediation"], None),
    ("区民政局", ["social_assistance"], None),
    ("区应急管理局", ["emergency"], None),
    ("区司法局", ["legal", "mediation"], None),
    ("区城市管理局", ["urban_management"], None),
    ("区住房和城乡建设局", ["property", "urban_management"], None),
    ("区大数据发展管理局", ["digital"], None),
    ("区委组织部", ["party_building"], None),
    ("区商务局", ["enterprise"], None),
    ("八大峡街道办事处", ["urban_management", "social_assistance"], "八大峡街道"),
]
MAJORS = {
    "petitions": "行政管理", "mediation": "法学", "social_assistance": "社会工作", "emergency": "安全工程",
    "legal": "法学", "urban_management": "城市规划", "property": "工程管理", "digital": "计算机科学与技术",
    "party_building": "中共党史", "culture": "汉语言文学", "enterprise": "经济学",
}


#: Long-standing problems of the kind a community blows a whistle on (daily, key task, emergency in turn).
PROBLEMS = [
    "背街小巷雨后积水，老人出行困难",
    "老旧楼院化粪池堵塞，污水漫溢",
    "楼体外墙瓷砖脱落，危及行人",
    "菜市场周边占道经营，消防通道被堵",
    "加装电梯低层住户与高层住户僵持",
    "燃气管道老化，居民闻到异味",
    "违规群租房人员密集，隐患突出",
    "弃管楼院垃圾长期无人清运",
]


def batch_name(starts_on: dt.date) -> str:
    """Name a batch by when it starts, as the district does: the first half of a year is its 第一期."""
    return f"{starts_on.year}年第{'一' if starts_on.month <= 6 else '二'}期"


class CadresDemo:
    def __init__(self, builder, district, users):
        self.b = builder
        self.rng = random.Random(35)
        self.district = district
        self.users = users
        self.now = builder.now
        self.admin = users["demo-district"]

    def at(self, days: float, hour: int = 10) -> dt.datetime:
        day = timezone.localdate(self.now) + dt.timedelta(days=int(days))
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

    def day(self, days: int) -> dt.date:
        return timezone.localdate(self.now) + dt.timedelta(days=days)

    def build(self) -> None:
        if Batch.objects.exists():
            return  # built before
        with translation.override("zh-hans"):
            self._build()

    def _build(self) -> None:
        self.agencies = self.make_agencies()
        self.needs()
        self.cadres = self.make_cadres()
        running = self.running_batch()
        self.work(running)
        self.whistles()
        self.next_batch()

    def make_agencies(self) -> dict:
        found = {}
        for name, business, street in AGENCIES:
            supervised = [self.district.streets[street]] if street else []
            found[name] = Agency.objects.filter(name=name).first() or pool.agency_create(
                name=name, business=business, supervises=supervised)
        pool.desk_grant(user=self.users["demo-agency"], agency=found["区信访局"])
        pool.desk_grant(user=self.users["demo-agency2"], agency=found["区城市管理局"])
        return found

    def needs(self) -> None:
        skills = Skill.values
        with clock.at(self.at(-240)):
            for index, (name, community) in enumerate(sorted(self.district.communities.items())):
                difficulty = self.rng.choices([1, 2, 3], weights=[6, 3, 1])[0]
                wanted = self.rng.sample(skills, self.rng.randint(1, 3))
                if name == "仰口路社区":
                    difficulty, wanted = 3, ["petitions", "mediation", "social_assistance"]
                pool.need_publish(actor=self.admin, community_id=community.pk, difficulty=difficulty,
                                  weak_foundation=index % 7 == 3, wanted=wanted, capacity=self.rng.choice([1, 1, 2]),
                                  note="")

    def make_cadres(self) -> list:
        communities = list(self.district.communities.values())
        agencies = list(self.agencies.values())
        made = []
        kong = Cadre.objects.filter(name="孔令哲").first() or pool.cadre_create(
            name="孔令哲", agency=self.agencies["区信访局"], born_on=self.day(-31 * 365 - 40), rank=Rank.DEPUTY_SECTION,
            major="法学", skills=["petitions", "mediation"], home_community=self.district.communities["燕儿岛路社区"],
            user=self.users["demo-cadre"])
        made.append(kong)
        for index in range(44):
            agency = agencies[index % len(agencies)]
            rank = Rank.SECTION if index % 11 == 0 else (Rank.DEPUTY_SECTION if index % 4 == 0 else Rank.CLERK)
            skills = sorted(set(agency.business[:1] + self.rng.sample(Skill.values, self.rng.randint(0, 2))))
            born = dt.date(self.rng.randint(1990, 2001), self.rng.randint(1, 12), self.rng.randint(1, 28))
            if rank == Rank.SECTION:
                born = dt.date(self.rng.randint(1980, 1988), self.rng.randint(1, 12), self.rng.randint(1, 28))
            made.append(pool.cadre_create(
                name=self.b.name(), agency=agency, born_on=born, rank=rank, major=MAJORS.get(skills[0], ""),
                skills=skills, grassroots_experience=index % 13 == 5,
                home_community=self.rng.choice(communities)))
        return made

    def _fill(self, batch, cadres, communities, prefs_from=None):
        for cadre in cadres:
            role = Role.ASSISTANT if cadre.rank == Rank.SECTION else Role.MEMBER
            if eligibility_refusal(batch, cadre, role):
                continue
            asked = [c.pk for c in self.rng.sample(communities, 2)] if prefs_from else []
            batches.batch_add_cadre(actor=self.admin, batch_id=batch.pk, cadre_id=cadre.pk, role=role, prefs=asked)
        for community in communities:
            batches.batch_add_community(actor=self.admin, batch_id=batch.pk, community_id=community.pk)

    def running_batch(self) -> Batch:
        communities = sorted(self.district.communities.values(), key=lambda a: a.path)
        with clock.at(self.at(-230)):
            batch = batches.batch_create(actor=self.admin, name=batch_name(self.day(-200)), starts_on=self.day(-200),
                                         ends_on=self.day(165))
            self._fill(batch, self.cadres[:30], communities)
            proposal = proposals.proposal_make(actor=self.admin, batch_id=batch.pk, mode="optimal")
        kong = proposal.pairs.get(cadre=self.cadres[0])
        yangkou = self.district.communities["仰口路社区"]
        with clock.at(self.at(-228)):
            if kong.community_id != yangkou.pk:
                reason = "仰口路社区信访积案多，需要信访局干部"
                there = proposal.pairs.filter(community=yangkou, role=Role.MEMBER).first()
                if there is not None:
                    proposals.proposal_move(actor=self.admin, proposal_id=proposal.pk, cadre_id=there.cadre_id,
                                            reason=reason)
                proposals.proposal_move(actor=self.admin, proposal_id=proposal.pk, cadre_id=kong.cadre_id,
                                        community_id=yangkou.pk, reason=reason)
            batches.batch_transition(actor=self.admin, batch_id=batch.pk, action="place", proposal_id=proposal.pk)
        return batch

    def work(self, batch) -> None:
        kong = Placement.objects.get(batch=batch, cadre=self.cadres[0])
        cadre_user, staff, desk = self.users["demo-cadre"], self.users["demo-staff"], self.users["demo-agency"]
        entries = [
            (-190, "work", "走访仰口路17号、19号楼院，熟悉网格和重点人群。", 12),
            (-150, "dispute", "调解17号楼两户因漏水引发的邻里纠纷，双方签订协议。", 2),
            (-120, "petition", "接待老旧小区加装电梯信访，分类登记诉求并向区住建局反映。", 9),
            (-60, "emergency", "暴雨夜协助转移低洼楼院3户独居老人。", 3),
            (-5, "work", "参加社区议事会，讨论楼道扶手安装方案。", 15),
        ]
        for days, kind, text, people in entries:
            with clock.at(self.at(days, 19)):
                placements.log_add(actor=cadre_user, placement_id=kong.pk, on=self.day(days), kind=kind, text=text,
                                   people=people)
        with clock.at(self.at(-100)):
            task = placements.task_assign(actor=staff, placement_id=kong.pk, title="梳理社区信访积案台账",
                                          detail="逐件核实诉求、责任单位和办理进度。", due_on=self.day(-70))
        with clock.at(self.at(-72)):
            placements.task_done(actor=cadre_user, task_id=task.pk, note="梳理积案11件，已办结7件，4件转区信访局督办。")
        if not Task.objects.filter(placement=kong, done_at__isnull=True).exists():
            with clock.at(self.at(-3)):
                placements.task_assign(actor=staff, placement_id=kong.pk, title="协助筹备加装电梯业主协商会",
                                       due_on=self.day(20))
        with clock.at(self.at(-40)):
            answered = reports.report_file(
                actor=cadre_user, placement_id=kong.pk, kind="causes", title="老旧小区加装电梯信访的症结",
                body="低层住户担心采光和噪声，费用分摊方案不透明；建议由街道牵头出示范分摊办法。")
        with clock.at(self.at(-36, 15)):
            reports.report_answer(actor=desk, report_id=answered.pk,
                                  answer="已会同区住建局研究，下月出台分摊指引，请在社区先行征求意见。")
        with clock.at(self.at(-9)):
            reports.report_file(actor=cadre_user, placement_id=kong.pk, kind="opinions", title="居民对停车收费的意见",
                                body="仰口路沿线停车收费调整后，老年居民反映就医接送不便，建议设置临时停靠点。")
        with clock.at(self.at(-6)):
            bulletin = reports.bulletin_publish(
                actor=desk, agency_id=self.agencies["区信访局"].pk, title="关于进一步规范信访事项受理办理的通知",
                number="市南信发〔2026〕12号",
                body="明确信访事项登记、转送、办理和答复时限；社区发现的苗头性问题当日上报。")
        with clock.at(self.at(-5)):
            receipt = bulletin.receipts.get(placement=kong)
            reports.receipt_acknowledge(actor=cadre_user, receipt_id=receipt.pk)
        with clock.at(self.at(-10)):
            placements.evaluation_record(actor=staff, placement_id=kong.pk, stage="mid", side="community",
                                         grade="excellent", comment="扎根社区，信访积案清理成效明显。")

    def whistles(self) -> None:
        staff, agencies = self.users["demo-staff"], self.agencies
        yangkou = self.district.communities["仰口路社区"]
        with clock.at(self.at(-30, 9)):
            closed = whistles.whistle_raise(
                actor=staff, community_id=yangkou.pk, kind="key_task", problem="仰口路17号楼院化粪池反复外溢",
                detail="物业缺位多年，居民自行清掏无效。", agency_ids=[agencies["区城市管理局"].pk,
                                                                agencies["区住房和城乡建设局"].pk])
        for offset, agency in ((6, "区城市管理局"), (30, "区住房和城乡建设局")):
            with clock.at(self.at(-30, 9) + dt.timedelta(hours=offset)):
                call = closed.calls.get(agency=agencies[agency])
                desk = self.users["demo-agency2"] if agency == "区城市管理局" else self._desk(agency)
                whistles.whistle_report(actor=desk, call_id=call.pk, attendees="科室负责人及2名工作人员",
                                        action="现场勘查，安排清掏并列入老旧管网改造计划。")
        with clock.at(self.at(-20)):
            whistles.whistle_transition(actor=staff, whistle_id=closed.pk, action="close",
                                        outcome="化粪池已清掏，管网改造完成，居民满意。")
        with clock.at(self.now - dt.timedelta(hours=20)):
            open_one = whistles.whistle_raise(
                actor=self.users["demo-cadre"], community_id=yangkou.pk, kind="daily",
                problem="加装电梯信访反复，低层住户与高层住户僵持",
                detail="社区已组织三次协商，需信访和城管部门到场释法说理。",
                agency_ids=[agencies["区信访局"].pk, agencies["区城市管理局"].pk])
        with clock.at(self.now - dt.timedelta(hours=17)):
            whistles.whistle_report(actor=self.users["demo-agency2"], call_id=open_one.calls.get(
                agency=agencies["区城市管理局"]).pk, attendees="执法中队副队长", action="到场解释规划要求。")
        others = sorted(self.district.communities.items())[:8]
        for index, (name, community) in enumerate(others):
            if name == "仰口路社区":
                continue
            kind = ["daily", "key_task", "emergency"][index % 3]
            agency = list(agencies.values())[index % 9]
            with clock.at(self.at(-50 + index * 4, 8)):
                whistle = whistles.whistle_raise(actor=self.admin, community_id=community.pk, kind=kind,
                                                 problem=PROBLEMS[index % len(PROBLEMS)], agency_ids=[agency.pk])
            late = dt.timedelta(minutes=45) if kind == "emergency" and index % 2 else dt.timedelta(minutes=20)
            with clock.at(whistle.raised_at + late):
                whistles.whistle_report(actor=self._desk(agency.name), call_id=whistle.calls.get().pk,
                                        attendees="分管负责人", action="现场查看并制定整改方案。")
            if index % 2 == 0:
                with clock.at(whistle.raised_at + dt.timedelta(days=2)):
                    whistles.whistle_transition(actor=self.admin, whistle_id=whistle.pk, action="close",
                                                outcome="已整改。")

    def _desk(self, agency_name: str):
        """Return a desk user of the agency, making one for the agencies without a demo account."""
        agency = self.agencies[agency_name]
        desk = agency.desks.select_related("user").first()
        if desk is not None:
            return desk.user
        user = self.b_user(f"agency-{agency.pk}", f"{agency_name}联络员")
        pool.desk_grant(user=user, agency=agency)
        return user

    def b_user(self, username, display):
        return self.users["_factory"](username, display)

    def next_batch(self) -> None:
        communities = sorted(self.district.communities.values(), key=lambda a: a.path)[::3]
        with clock.at(self.at(-2)):
            batch = batches.batch_create(actor=self.admin, name=batch_name(self.day(30)), starts_on=self.day(30),
                                         ends_on=self.day(210))
            self._fill(batch, self.cadres[30:], communities, prefs_from=True)
            proposals.proposal_make(actor=self.admin, batch_id=batch.pk, mode="stable", side="community")


def add_accounts(users, user_factory, password) -> None:
    """Add the cadres demo's accounts: a placed cadre and two agency desks."""
    users["_factory"] = user_factory
    users["demo-cadre"] = user_factory("demo-cadre", "孔令哲", password)
    users["demo-agency"] = user_factory("demo-agency", "区信访局 马主任", password)
    users["demo-agency2"] = user_factory("demo-agency2", "区城市管理局 许科长", password)


def counts() -> dict:
    return {"cadres": Cadre.objects.count(), "placements": Placement.objects.count(),
            "whistles": Whistle.objects.count()}
