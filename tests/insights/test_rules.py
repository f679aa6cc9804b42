"""The gate of the figures: the people who answer for an area's wishes, and nobody else."""

import pytest
import rules

from ..factories import fresh

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who, granted", [
    ("staff_a", True), ("street_officer", True), ("district_admin", True),
    ("resident_a", False), ("member_a", False), ("unit_a", False), ("outsider", False),
])
def test_only_those_who_answer_for_an_area_see_the_figures(world, who, granted):
    assert rules.has_perm("insights.view_figures", fresh(getattr(world, who))) is granted
