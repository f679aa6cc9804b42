import pytest
from django.utils import translation

from tests.cadres.helpers import build_pool


@pytest.fixture(autouse=True)
def _english():
    """Match refusals by their English source text; the catalogue's Chinese is checked elsewhere."""
    with translation.override("en"):
        yield


@pytest.fixture
def district(db):
    return build_pool()
