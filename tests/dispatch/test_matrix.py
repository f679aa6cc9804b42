"""The responsibility matrix: default data for the 12 duty types, editable, deciding the candidates."""

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanji.dispatch import selectors
from sanji.dispatch.models import Responsibility
from sanji.dispatch.reference import default_matrix
from sanji.wishes.models import DutyType

from ..factories import fresh, partner_unit
from ..wishes.helpers import act, submit


def test_every_duty_type_has_an_order_of_levels(db):
    assert DutyType.objects.count() == 12
    for duty_type in DutyType.objects.all():
        ranks = list(duty_type.responsibilities.order_by("rank").values_list("rank", flat=True))
        assert ranks == list(range(1, len(ranks) + 1)) and ranks, duty_type.code
    assert Responsibility.objects.count() == len(default_matrix())


def test_the_fixture_reloads_the_default(db):
    Responsibility.objects.all().delete()
    call_command("loaddata", "responsibility_matrix", verbosity=0)
    assert Responsibility.objects.count() == len(default_matrix())
    assert list(Responsibility.objects.filter(duty_type__code="home_repair").order_by("rank")
                .values_list("level", flat=True)) == ["members", "units", "community"]


def test_candidates_follow_the_matrix(world):
    partner_unit([world.a], name="物业公司")
    wish = act(submit(world, category="home_repair"), "approve", world.staff_a)
    kinds = [c["claimer"].kind for c in selectors.candidates_for(wish)]
    assert set(kinds) == {"member", "partner_unit", "party_org", "community"}  # no street, per the default
    assert selectors.responsible_levels(wish) == ["members", "units", "community"]
    Responsibility.objects.filter(duty_type__code="home_repair").exclude(level="community").delete()
    Responsibility.objects.filter(duty_type__code="home_repair").update(rank=1)
    Responsibility.objects.create(duty_type=DutyType.objects.get(code="home_repair"), level="street", rank=2)
    kinds = [c["claimer"].kind for c in selectors.candidates_for(wish)]
    assert kinds == ["community", "street"]


def test_a_wish_without_category_has_every_serving_claimer_as_candidate(world):
    wish = act(submit(world), "approve", world.staff_a)
    kinds = {c["claimer"].kind for c in selectors.candidates_for(wish)}
    assert kinds == {"member", "partner_unit", "community", "street", "party_org"}


def test_scoring_facts_take_a_fixed_number_of_queries(world):
    wish = act(submit(world, category="tutoring"), "approve", world.staff_a)
    with CaptureQueriesContext(connection) as few:
        selectors.candidates_for(wish)
    for i in range(5):
        partner_unit([world.a], name=f"单位{i}")
    with CaptureQueriesContext(connection) as more:
        selectors.candidates_for(wish)
    assert len(more) == len(few)
    assert fresh(world.staff_a)


def test_a_duty_type_without_rows_lets_every_level_answer(world):
    Responsibility.objects.filter(duty_type__code="mediation").delete()
    wish = act(submit(world, category="mediation"), "approve", world.staff_a)
    assert selectors.responsible_levels(wish) == []
    assert {c["claimer"].kind for c in selectors.candidates_for(wish)} >= {"street", "community", "member"}


def test_two_levels_can_swap_ranks(db):
    rows = list(Responsibility.objects.filter(duty_type__code="home_repair").order_by("rank")[:2])
    rows[0].rank, rows[1].rank = rows[1].rank, rows[0].rank
    for row in rows:
        row.full_clean()
        row.save()
    assert list(Responsibility.objects.filter(duty_type__code="home_repair").order_by("rank")
                .values_list("level", flat=True))[:2] == ["units", "members"]
