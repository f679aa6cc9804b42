"""A wish's text passes the moderator on the way in: spam is refused and kept, doubtful text is held for review."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from sanji.core.errors import Blocked
from sanji.moderation.models import Screening
from sanji.wishes.models import Wish

from ..factories import fresh
from .helpers import submit
from .test_api import token_for

pytestmark = pytest.mark.django_db

SPAM = "澳门新葡京 线上娱乐 官 网 www。xpj8。com 加 薇 xpj6688 日结 兼职"
ORDINARY = [
    "家里水龙头漏水，想请人帮忙换一个，电话13806421234（儿子接）",
    "去青岛市市立医院复查需要人陪同，王久明",
    "想去综合医院做康复，没人推轮椅",
]
DOUBTFUL = "详情请看 www.hao123abc.com"


def test_spam_is_refused_and_kept_for_the_record(world):
    with pytest.raises(Blocked):
        submit(world, text=SPAM)
    assert not Wish.objects.exists()
    kept = Screening.objects.get()
    assert (kept.verdict, kept.text, kept.actor_id, kept.subject_id) == ("spam", SPAM, world.resident_a.pk, None)
    assert "gambling" in kept.reason_codes()


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_wishes_pass_unrecorded(world, text):
    wish = submit(world, text=text)
    assert wish.text == text and not Screening.objects.exists()


def test_a_doubtful_wish_is_made_and_held_for_the_reviewer(world):
    wish = submit(world, text=DOUBTFUL)
    held = Screening.objects.get()
    assert (held.verdict, held.subject_id, held.community_id) == ("review", wish.pk, world.a.pk)
    client = Client()
    client.force_login(fresh(world.staff_a))
    queue = client.get(reverse("wishes:review")).content.decode()
    detail = client.get(reverse("wishes:detail", args=[wish.pk])).content.decode()
    assert 'class="held"' in queue and 'class="held"' in detail
    resident = Client()
    resident.force_login(fresh(world.resident_a))
    assert 'class="held"' not in resident.get(reverse("wishes:detail", args=[wish.pk])).content.decode()


def test_the_page_refuses_spam_keeping_what_was_typed(world):
    client = Client()
    client.force_login(fresh(world.resident_a))
    response = client.post(reverse("wishes:new"), {"text": SPAM})
    page = response.content.decode()
    assert response.status_code == 422 and "xpj6688" in page  # the form keeps the text
    assert not Wish.objects.exists() and Screening.objects.filter(verdict="spam").count() == 1


def test_the_api_refuses_spam_with_a_json_error(world):
    response = Client().post("/api/v1/wishes", json.dumps({"text": SPAM}), content_type="application/json",
                             headers={"Authorization": f"Bearer {token_for('resident-a')}"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "blocked" and body["extra"]["field"] == "text" and body["extra"]["reasons"]
    assert not Wish.objects.exists()
