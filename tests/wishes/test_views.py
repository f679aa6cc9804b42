"""The pages: each role's pages render, forms keep what was typed on a refusal, errors are pages."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from sanji.core.models import Resident
from sanji.wishes.models import Wish, WishPhoto

from ..factories import fresh
from .helpers import submit, to_state

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(fresh(user))
    return client


def test_public_pages_need_no_login(world, client):
    to_state(world, "published")
    for url in ("/", "/board/", "/accounts/login/"):
        assert client.get(url).status_code == 200
    assert client.get(reverse("wishes:review")).status_code == 302


def test_public_board_masks_names(world, client):
    to_state(world, "published")
    page = client.get("/board/").content.decode()
    assert "林先生" in page and "林志强" not in page and "13906428815" not in page


@pytest.mark.parametrize("who, names", [
    ("resident_a", ["home", "wishes:new", "wishes:mine"]),
    ("staff_a", ["home", "wishes:new", "wishes:review", "wishes:followup", "wishes:all"]),
    ("member_a", ["home", "wishes:claim_board", "wishes:held"]),
    ("unit_a", ["home", "wishes:claim_board", "wishes:held"]),
    ("street_officer", ["home", "wishes:review", "wishes:all"]),
    ("district_admin", ["home", "wishes:all"]),
])
def test_each_role_main_pages_render(world, client, who, names):
    to_state(world, "published")
    login(client, getattr(world, who))
    for name in names:
        response = client.get(reverse(name))
        assert response.status_code == 200, name


def test_resident_makes_a_wish_through_the_form(world, client):
    login(client, world.resident_a)
    response = client.post(reverse("wishes:new"), {"text": "想学用手机视频", "category": "skills_training"})
    wish = Wish.objects.get()
    assert response.status_code == 302 and response.url == wish.get_absolute_url()
    assert wish.submitted_by == world.resident_a and wish.channel == "web"


def test_a_refused_wish_form_keeps_the_text(world, client):
    login(client, world.resident_a)
    response = client.post(reverse("wishes:new"), {"text": "想要一台新电视", "promised_value": "3000"})
    assert response.status_code == 422
    assert "想要一台新电视" in response.content.decode()
    assert Wish.objects.count() == 0


def test_staff_enters_a_wish_for_a_resident(world, client):
    resident = Resident.objects.get(user=world.resident_a)
    login(client, world.staff_a)
    response = client.post(reverse("wishes:new"), {"resident": resident.pk, "text": "需要助听器", "channel": "visit"})
    assert response.status_code == 302
    assert Wish.objects.get().beneficiary == resident


def test_action_form_moves_the_wish(world, client):
    wish = submit(world)
    login(client, world.staff_a)
    response = client.post(reverse("wishes:act", args=[wish.pk, "approve"]), {"note": ""})
    assert response.status_code == 302
    wish.refresh_from_db()
    assert wish.state == "published"


def test_a_refused_action_shows_the_message_and_keeps_input(world, client):
    wish = to_state(world, "fulfilled")
    login(client, world.resident_a)
    response = client.post(reverse("wishes:act", args=[wish.pk, "confirm"]), {"note": "老师很认真"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "老师很认真" in page and 'role="alert"' in page
    wish.refresh_from_db()
    assert wish.state == "fulfilled"


def test_illegal_action_by_page_is_409(world, client):
    wish = to_state(world, "closed")
    login(client, world.staff_a)
    response = client.post(reverse("wishes:act", args=[wish.pk, "approve"]))
    assert response.status_code == 409


def png_upload(name="done.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_fulfil_with_photos_and_the_photo_is_scoped(world, client):
    wish = to_state(world, "in_progress")
    login(client, world.member_a)
    response = client.post(reverse("wishes:act", args=[wish.pk, "fulfil"]),
                           {"note": "已完成", "photos": [png_upload()]})
    assert response.status_code == 302
    photo = WishPhoto.objects.get(wish=wish)
    assert photo.kind == "evidence"
    assert client.get(reverse("wishes:photo", args=[wish.pk, photo.pk])).status_code == 200
    login(client, world.staff_b)
    assert client.get(reverse("wishes:photo", args=[wish.pk, photo.pk])).status_code == 404


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_changes(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    wish = to_state(world, "in_progress")
    login(client, world.member_a)
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = client.post(reverse("wishes:act", args=[wish.pk, "fulfil"]), {"note": "已完成", "photos": [fake]})
    assert response.status_code == 422
    wish.refresh_from_db()
    assert wish.state == "in_progress" and not WishPhoto.objects.exists()
    assert "已完成" in response.content.decode()


def test_volunteer_form(world, client):
    wish = to_state(world, "in_progress")
    login(client, world.member_a)
    assert client.post(reverse("wishes:volunteer_add", args=[wish.pk]), {"name": "韩雨桐", "hours": "3"}
                       ).status_code == 302
    response = client.post(reverse("wishes:volunteer_add", args=[wish.pk]), {"name": "程一鸣", "hours": "-1"})
    assert response.status_code == 422 and "程一鸣" in response.content.decode()
    assert [v.volunteer.name for v in wish.volunteers.all()] == ["韩雨桐"]


def test_unknown_page_is_a_friendly_404(world, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Traceback" not in response.content


@pytest.mark.parametrize("language, word", [("zh-hans", "待认领"), ("zh-hant", "待認領"), ("en", "Awaiting a claimer")])
def test_pages_speak_the_chosen_language(world, client, language, word):
    to_state(world, "published")
    client.cookies["django_language"] = language
    assert word in client.get("/board/").content.decode()


def test_a_wish_with_photos_of_the_need(world, client):
    login(client, world.resident_a)
    response = client.post(reverse("wishes:new"), {"text": "水龙头漏水", "photos": [png_upload("a.png"),
                                                                                   png_upload("b.png")]})
    assert response.status_code == 302
    wish = Wish.objects.get()
    assert list(wish.photos.values_list("kind", flat=True)) == ["request", "request"]


def test_a_wish_with_a_bad_photo_is_not_saved(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, world.resident_a)
    bad = SimpleUploadedFile("a.exe", b"MZ...", content_type="application/octet-stream")
    response = client.post(reverse("wishes:new"), {"text": "水龙头漏水", "photos": [bad]})
    assert response.status_code == 422
    assert Wish.objects.count() == 0 and "水龙头漏水" in response.content.decode()


def test_every_action_has_its_form_fields(client, world):
    from sanji.wishes.transitions import ACTIONS
    from sanji.wishes.views import ACTION_FIELDS

    assert {name for name, action in ACTIONS.items() if action.offered} <= set(ACTION_FIELDS)


def test_a_dispatched_wish_opens_for_its_reviewer_with_recall_offered(client, world):
    wish = to_state(world, "dispatched")
    client.force_login(world.staff_a)
    response = client.get(wish.get_absolute_url())
    assert response.status_code == 200
    assert "action-recall" in response.content.decode()


@pytest.mark.parametrize("state", ["submitted", "rejected", "withdrawn", "published", "dispatched", "claimed",
                                   "in_progress", "fulfilled", "closed"])
def test_the_wish_page_opens_in_every_state_for_every_role(client, world, state):
    wish = to_state(world, state)
    for user in (world.resident_a, world.staff_a, world.street_officer, world.district_admin, world.member_a,
                 world.unit_a):
        client.force_login(user)
        assert client.get(wish.get_absolute_url()).status_code in (200, 404), (state, user.username)


def test_the_claim_board_puts_wishes_dispatched_to_me_first(client, world):
    from sanji.wishes import selectors

    on_board = to_state(world, "published")
    dispatched = to_state(world, "dispatched")
    assert list(selectors.claim_board(fresh(world.member_a)).values_list("pk", flat=True))[:2] == [
        dispatched.pk, on_board.pk]


def test_time_left_counts_a_started_day_as_a_day():
    import datetime as dt

    from sanji.core import clock
    from sanji.wishes.templatetags.wish_tags import time_left

    now = clock.now()
    with clock.at(now):
        assert time_left(now + dt.timedelta(days=6, hours=23)) == "还剩7天"
        assert time_left(now + dt.timedelta(hours=5)) == "今天到期"
        assert time_left(now - dt.timedelta(days=1, hours=2)) == "已超期1天"
