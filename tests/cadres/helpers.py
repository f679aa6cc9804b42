"""A small district for the cadre tests: a street with three communities, three agencies, five cadres."""

import datetime as dt
from dataclasses import dataclass

from sanji.cadres.models import Agency, Cadre, Rank, Role
from sanji.cadres.services import batches, pool, proposals
from sanji.core import clock
from sanji.core.models import Area, User
from tests.factories import UserFactory, area, build_world, fresh

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
STARTS, ENDS = dt.date(2026, 3, 16), dt.date(2026, 9, 15)


@dataclass
class Pool:
    world: object
    c: Area
    civil: Agency  # 区民政局: social assistance
    petitions: Agency  # 区信访局: petitions, mediation
    street_office: Agency  # 湛山街道办事处: supervises the street
    desk_civil: User
    desk_petitions: User
    cadres: dict  # name -> Cadre
    cadre_users: dict  # name -> User


def build_pool() -> Pool:
    world = build_world()
    c = area("八大峡社区", "community", world.street)
    civil = pool.agency_create(name="区民政局", business=["social_assistance"])
    petitions = pool.agency_create(name="区信访局", business=["petitions", "mediation"])
    street_office = pool.agency_create(name="湛山街道办事处", business=["urban_management"], supervises=[world.street])
    desk_civil, desk_petitions = UserFactory(username="desk-civil"), UserFactory(username="desk-petitions")
    pool.desk_grant(user=desk_civil, agency=civil)
    pool.desk_grant(user=desk_petitions, agency=petitions)
    specs = [
        ("周晓雯", civil, dt.date(1996, 5, 1), Rank.CLERK, ["social_assistance"], world.a),
        ("李浩然", petitions, dt.date(1994, 8, 9), Rank.DEPUTY_SECTION, ["petitions", "mediation"], None),
        ("孙嘉怡", petitions, dt.date(1998, 1, 20), Rank.CLERK, ["digital"], world.b),
        ("赵立新", civil, dt.date(1986, 3, 3), Rank.SECTION, ["mediation", "emergency"], None),
        ("钱宇", street_office, dt.date(1997, 7, 7), Rank.CLERK, ["urban_management"], None),
    ]
    cadres, users = {}, {}
    for name, agency, born, rank, skills, home in specs:
        user = UserFactory(username=f"cadre-{len(cadres) + 1}", display_name=name)
        cadres[name] = pool.cadre_create(name=name, agency=agency, born_on=born, rank=rank, skills=skills,
                                         home_community=home, user=user)
        users[name] = user
    return Pool(world, c, civil, petitions, street_office, desk_civil, desk_petitions, cadres, users)


def needs(p: Pool) -> None:
    admin = fresh(p.world.district_admin)
    pool.need_publish(actor=admin, community_id=p.world.a.pk, difficulty=1, weak_foundation=False,
                      wanted=["social_assistance", "digital"], capacity=1)
    pool.need_publish(actor=admin, community_id=p.world.b.pk, difficulty=3, weak_foundation=False,
                      wanted=["petitions", "mediation"], capacity=1)
    pool.need_publish(actor=admin, community_id=p.c.pk, difficulty=2, weak_foundation=True,
                      wanted=["emergency", "mediation"], capacity=2)


def batch_with_everyone(p: Pool, **kw):
    """Return a batch holding every cadre (赵立新 as assistant) and all three communities, needs published."""
    needs(p)
    admin = fresh(p.world.district_admin)
    with clock.at(T0):
        batch = batches.batch_create(actor=admin, name=kw.pop("name", "2026年第一期"), starts_on=STARTS,
                                     ends_on=ENDS, **kw)
        for name, cadre in p.cadres.items():
            role = Role.ASSISTANT if name == "赵立新" else Role.MEMBER
            batches.batch_add_cadre(actor=admin, batch_id=batch.pk, cadre_id=cadre.pk, role=role)
        for community in (p.world.a, p.world.b, p.c):
            batches.batch_add_community(actor=admin, batch_id=batch.pk, community_id=community.pk)
    return batch


def placed(p: Pool, mode="optimal"):
    """Return the batch placed by its first proposal, and the proposal."""
    batch = batch_with_everyone(p)
    admin = fresh(p.world.district_admin)
    with clock.at(T0):
        proposal = proposals.proposal_make(actor=admin, batch_id=batch.pk, mode=mode)
        batches.batch_transition(actor=admin, batch_id=batch.pk, action="place", proposal_id=proposal.pk)
    return batch, proposal


def placement_of(p: Pool, name: str):
    return Cadre.objects.get(pk=p.cadres[name].pk).placements.get()
