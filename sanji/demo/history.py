"""A year of finished wishes behind the demo district, so the figures have trends to show.

Every wish goes through the real services at its own moment (``clock.at``), so events, deadlines and the
monthly rollups are written exactly as in use. Month by month the district gets better at answering in
time, the way Beijing's figures rose after 接诉即办 began: early months miss more claim and fulfilment
deadlines than late ones. Made-up wishes, made-up people.
"""

import datetime as dt

from django.utils import timezone

from sanji.core import clock
from sanji.insights.period import add_months, month_start
from sanji.wishes import services as wishes
from sanji.wishes.models import Wish
from sanji.wishes.transitions import transition

from . import data

MONTHS = 11  # the eleven months before the current one
PER_STREET = 2  # wishes a street's communities make each month


class HistoryDemo:
    def __init__(self, builder, district):
        self.b = builder
        self.district = district

    def build(self) -> None:
        this_month = timezone.localtime(self.b.now).date().replace(day=1)
        streets = list(data.STREETS.items())
        for back in range(MONTHS, 0, -1):
            month = add_months(this_month, -back)
            skill = (MONTHS - back) / MONTHS  # 0 in the first month, near 1 in the last
            for s, (_street, communities) in enumerate(streets):
                for i in range(PER_STREET):
                    name = communities[(back + i) % len(communities)]
                    self._wish(f"demo-history-{month:%Y%m}-{s}-{i}", month, name, skill, s * PER_STREET + i)

    def _wish(self, ref, month: dt.date, community_name: str, skill: float, index: int) -> None:
        if Wish.objects.filter(external_ref=ref).exists():
            return
        rng = self.b.rng
        staff = self.district.staff[community_name]
        helper = self.district.members[community_name][index % len(self.district.members[community_name])]
        category, text = data.WISH_TEXTS[(index + month.month) % len(data.WISH_TEXTS)]
        resident = self.b._resident(community_name, category, index + month.month)
        moment = month_start(month) + dt.timedelta(days=rng.uniform(0, 20), hours=rng.uniform(8, 10))
        on_time = 0.5 + 0.45 * skill

        def at(days: float):
            return clock.at(moment + dt.timedelta(days=days))

        with at(0):
            wish = wishes.wish_submit(actor=staff, resident=resident.pk, text=text, category=category,
                                      channel="visit", external_ref=ref)
        with at(0.5):
            transition(wish_id=wish.pk, action="approve", actor=staff)
        claimed = rng.uniform(1, 6) if rng.random() < on_time else rng.uniform(7.5, 12)
        promised = (moment + dt.timedelta(days=claimed + 7)).astimezone(moment.tzinfo).date()
        with at(claimed):
            transition(wish_id=wish.pk, action="claim", actor=helper.user, params={"promised_date": promised})
        with at(claimed + 0.2):
            transition(wish_id=wish.pk, action="start", actor=helper.user)
        done = claimed + (rng.uniform(1, 6) if rng.random() < on_time else rng.uniform(8.5, 14))
        with at(done - 0.1):  # the member's own hours, and a student's from the partner university now and then
            wishes.volunteer_record(wish_id=wish.pk, actor=helper.user, name=helper.name,
                                    hours=rng.choice(["1.5", "2", "2.5", "3"]))
            if rng.random() < 0.3:
                wishes.volunteer_record(wish_id=wish.pk, actor=helper.user, name=self.b.name(), hours="2")
        with at(done):
            transition(wish_id=wish.pk, action="fulfil", actor=helper.user, params={"note": "已上门办理完毕。"})
        satisfied = rng.random() < 0.75 + 0.2 * skill
        rating = rng.choice(["satisfied", "basically_satisfied"]) if satisfied else "unsatisfied"
        with at(done + rng.uniform(0.5, 2.5)):
            transition(wish_id=wish.pk, action="confirm", actor=staff, params={"satisfaction": rating})
