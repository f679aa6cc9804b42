"""Candidate scoring is pure: these tests need no database."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from sanji.dispatch import scoring
from sanji.dispatch.scoring import ClaimerFacts, WishFacts, rank, score, split_terms

PLACES = {"grid": 40, "community": 30, "street": 20, "district": 10}
ORDER = {"members": 1, "units": 2, "community": 3}


def wish(**kw) -> WishFacts:
    values = {"id": 1, "duty_type_id": 7, "text": "水龙头漏水，希望帮忙换一个", "duty_type_name": "家居维修",
              "places": PLACES}
    return WishFacts(**(values | kw))


def claimer(**kw) -> ClaimerFacts:
    values = {"id": 100, "level": "members", "served_area_ids": frozenset({30})}
    return ClaimerFacts(**(values | kw))


def points(scored, code):
    return sum(r.points for r in scored.reasons if r.code == code)


def test_level_order_gives_points_by_rank():
    assert points(score(wish(), claimer(level="members"), ORDER), "level") == 20
    assert points(score(wish(), claimer(level="units"), ORDER), "level") == 14
    assert points(score(wish(), claimer(level="community"), ORDER), "level") == 8


def test_a_level_outside_the_matrix_is_not_a_candidate():
    assert score(wish(), claimer(level="street"), ORDER) is None


def test_a_wish_without_category_lets_every_level_answer_without_level_points():
    scored = score(wish(duty_type_id=None), claimer(level="street"), {})
    assert scored is not None and points(scored, "level_any") == 0


def test_a_duty_type_with_no_order_lets_every_level_answer():
    scored = score(wish(), claimer(level="street"), {})
    assert scored is not None and [r.code for r in scored.reasons][0] == "level_any"


def test_shared_and_late_ranks():
    assert points(score(wish(), claimer(level="units"), {"members": 1, "units": 1}), "level") == 20
    assert points(score(wish(), claimer(level="units"), {"units": 6}), "level") == 4


def test_a_claimer_serving_none_of_the_places_is_not_a_candidate():
    assert score(wish(), claimer(served_area_ids=frozenset({999})), ORDER) is None


def test_distance_prefers_the_nearest_place():
    assert points(score(wish(), claimer(home_grid_id=40), ORDER), "distance") == 20
    assert points(score(wish(), claimer(served_area_ids=frozenset({30, 20})), ORDER), "distance") == 15
    assert points(score(wish(), claimer(served_area_ids=frozenset({20})), ORDER), "distance") == 8
    assert points(score(wish(), claimer(served_area_ids=frozenset({10})), ORDER), "distance") == 3


def test_declared_duty_type_and_matching_speciality_score():
    scored = score(wish(), claimer(duty_type_ids=frozenset({7}), terms=("水龙头", "电脑")), ORDER)
    assert points(scored, "skill") == 25
    assert [r.detail for r in scored.reasons if r.code == "speciality"] == ["水龙头"]
    assert points(score(wish(), claimer(duty_type_ids=frozenset({8})), ORDER), "skill") == 0


def test_load_is_the_free_share_of_capacity_rounded_half_up():
    assert points(score(wish(), claimer(capacity=4, load=0), ORDER), "load") == 15
    assert points(score(wish(), claimer(capacity=4, load=1), ORDER), "load") == 11  # 11.25
    assert points(score(wish(), claimer(capacity=2, load=1), ORDER), "load") == 8  # 7.5 rounds up
    assert points(score(wish(), claimer(capacity=3, load=5), ORDER), "load") == 0
    assert points(score(wish(), claimer(capacity=0), ORDER), "load") == 0


def test_rating_is_smoothed_towards_eighty_percent():
    assert points(score(wish(), claimer(), ORDER), "rating") == 8  # no ratings: the prior
    assert points(score(wish(), claimer(unsatisfied=1), ORDER), "rating") == 5  # 1.6/3 = 5.33
    assert points(score(wish(), claimer(satisfied=8), ORDER), "rating") == 10  # 9.6/10 = 9.6
    assert points(score(wish(), claimer(basically_satisfied=2), ORDER), "rating") == 7  # 2.6/4 = 6.5


def test_priority_groups_add_ten_each_up_to_twenty():
    assert points(score(wish(priority_groups=("低保户",)), claimer(), ORDER), "priority") == 10
    assert points(score(wish(priority_groups=("低保户", "残疾人", "老年人")), claimer(), ORDER), "priority") == 20
    assert not [r for r in score(wish(), claimer(), ORDER).reasons if r.code == "priority"]


def test_total_is_the_sum_of_the_reasons():
    scored = score(wish(priority_groups=("老年人",)), claimer(home_grid_id=40, duty_type_ids=frozenset({7}),
                                                         terms=("水龙头",), capacity=3, load=1, satisfied=3), ORDER)
    assert scored.total == sum(r.points for r in scored.reasons)
    assert scored.total == 20 + 25 + 10 + 20 + 10 + 9 + 10


def test_rank_orders_by_score_then_free_capacity_then_id():
    a = claimer(id=1, capacity=3, load=2)
    b = claimer(id=2, capacity=3, load=2)
    c = claimer(id=3, duty_type_ids=frozenset({7}))
    outsider = claimer(id=4, level="street")
    ranked = rank(wish(), [a, b, c, outsider], ORDER)
    assert [s.claimer_id for s in ranked] == [3, 1, 2]


def test_split_terms_breaks_lists_into_words():
    assert split_terms("水电维修、水龙头，灯具", "中学 教师") == ("水电维修", "水龙头", "灯具", "中学", "教师")
    assert split_terms("", None) == ()


@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 50))
def test_rating_points_stay_within_bounds(s, b, u):
    scored = score(wish(), claimer(satisfied=s, basically_satisfied=b, unsatisfied=u), ORDER)
    got = points(scored, "rating")
    exact = 10 * (s + Fraction(b, 2) + Fraction(8, 5)) / (s + b + u + 2)
    assert 0 <= got <= scoring.RATING_POINTS
    assert abs(got - exact) <= Fraction(1, 2)
