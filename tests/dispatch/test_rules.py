"""The gate of the batch pages: the people who review wishes, and nobody else."""

import pytest
import rules

from ..factories import fresh

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who, granted", [
    ("staff_a", True), ("street_officer", True), ("district_admin", True),
    ("resident_a", False), ("member_a", False), ("unit_a", False), ("outsider", False),
])
def test_only_reviewers_run_batches(world, who, granted):
    assert rules.has_perm("dispatch.run_batches", fresh(getattr(world, who))) is granted


def test_a_grid_worker_does_not_run_batches(world):
    from sanji.core.models import Role

    from ..factories import area, staff

    worker = staff(area("第一网格", "grid", world.a), Role.GRID_WORKER, username="grid-a")
    assert not rules.has_perm("dispatch.run_batches", fresh(worker))
