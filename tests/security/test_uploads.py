"""Uploads: photos and spreadsheets are judged by their bytes and size; files live outside the static root and are
served only through permission-checked views."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import translation
from PIL import Image

from sanji import settings as production
from sanji.core.errors import InvalidInput
from sanji.property.spreadsheets import read_units
from sanji.wishes.models import Wish, WishPhoto
from sanji.wishes.photos import photo_format
from tests.factories import fresh
from tests.property.helpers import sheet
from tests.wishes.helpers import to_state

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages are checked in the source language; the pages' Chinese is checked by the catalogue tests."""
    with translation.override("en"):
        yield


def picture(fmt: str, size=(8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def refusal(file) -> InvalidInput:
    with pytest.raises(InvalidInput) as refused:
        photo_format(file)
    return refused.value


def test_media_and_static_roots_do_not_overlap_and_media_has_no_public_url():
    media, static = Path(production.MEDIA_ROOT).resolve(), Path(production.STATIC_ROOT).resolve()
    assert not media.is_relative_to(static) and not static.is_relative_to(media)
    assert all(not Path(d).resolve().is_relative_to(media) for d in production.STATICFILES_DIRS)
    assert not getattr(production, "MEDIA_URL", "")
    with pytest.raises(Resolver404):
        resolve("/media/wish-photos/2025/01/x.png")


def test_a_photo_is_judged_by_its_bytes_not_its_name_or_type():
    assert photo_format(upload("IMG_0001.exe", picture("PNG"), "application/octet-stream")) == "png"
    assert photo_format(upload("scan.png", picture("JPEG"), "image/png")) == "jpg"
    assert photo_format(upload("x", picture("WEBP"))) == "webp"


@pytest.mark.parametrize("name, data", [
    ("holiday.jpg", b"<html><script>alert(1)</script></html>"),
    ("animated.jpg", picture("GIF")),
    ("report.jpg", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
    ("program.png", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64),
])
def test_what_is_not_a_jpeg_png_or_webp_is_refused_by_name(name, data):
    error = refusal(upload(name, data))
    assert name in str(error.message) and "JPEG, PNG or WebP" in str(error.message)
    assert error.extra == {"field": "photos", "name": name}


def test_a_file_that_starts_like_a_png_but_is_not_one_is_refused():
    error = refusal(upload("broken.png", picture("PNG")[:40] + b"\x00" * 200))
    assert "broken.png" in str(error.message)


def test_a_photo_over_the_size_limit_is_refused_before_it_is_read(settings):
    settings.SANJI_PHOTO_MAX_BYTES = 2 * 1024 * 1024
    error = refusal(upload("big.jpg", b"\xff\xd8\xff" + b"\x00" * (2 * 1024 * 1024)))
    assert "big.jpg" in str(error.message) and "2 MB" in str(error.message)


def test_a_refused_photo_writes_nothing(world, settings):
    client = Client()
    client.force_login(fresh(world.resident_a))
    response = client.post("/wishes/new/", {"text": "水龙头漏水", "photos": [
        upload("good.png", picture("PNG"), "image/png"), upload("evil.png", b"GIF89a not really", "image/png")]})
    assert response.status_code == 422 and "evil.png" in response.content.decode()
    assert not Wish.objects.exists() and not WishPhoto.objects.exists() and stored_files(settings) == []


def test_a_photo_is_served_only_to_who_may_see_its_wish(world, settings):
    from sanji.wishes.services import wish_photos_add

    wish = to_state(world, "submitted")
    [photo] = wish_photos_add(wish_id=wish.pk, actor=fresh(world.resident_a), kind="request",
                              uploads=[upload("tap.png", picture("PNG"), "image/png")])
    assert [p.suffix for p in stored_files(settings)] == [".png"]
    stored = stored_files(settings)[0]
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT)) and "tap" not in stored.name
    url = f"/wishes/{wish.pk}/photos/{photo.pk}/"
    assert Client().get(url).status_code == 302  # to the login page
    outsider = Client()
    outsider.force_login(fresh(world.staff_b))
    assert outsider.get(url).status_code == 404
    owner = Client()
    owner.force_login(fresh(world.resident_a))
    response = owner.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff" and "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize("data, said", [
    (picture("PNG"), ".png"),
    (b"%PDF-1.7\n" + b"0" * 600, ".pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"\xfd\xff\xff\xff\x00\x00\x00" + b"\x00" * 100,
     "Office 97"),
    ("楼栋,单元,面积\n1号楼,101,86.45\n".encode(), "plain text"),
])
def test_a_sheet_that_is_not_xlsx_is_refused_saying_what_it_is(data, said):
    with pytest.raises(InvalidInput) as refused:
        read_units(data)
    assert said in str(refused.value.message) and refused.value.extra["field"] == "file"


def test_a_sheet_over_the_size_limit_is_refused(settings):
    data = sheet(["1号楼", "101", "86.45", "王秀英", "", "否"])
    settings.SANJI_SHEET_MAX_BYTES = len(data) - 1
    with pytest.raises(InvalidInput) as refused:
        read_units(data)
    assert "MB" in str(refused.value.message)
    settings.SANJI_SHEET_MAX_BYTES = len(data)
    assert len(read_units(data)) == 1


def test_a_refused_sheet_on_the_import_page_writes_nothing(world):
    from sanji.property.models import Unit
    from tests.property.helpers import yard

    place = yard(world.a, rows=[])
    client = Client()
    client.force_login(fresh(world.staff_a))
    response = client.post(f"/property/compounds/{place.compound.pk}/import/",
                           {"file": upload("units.xlsx", picture("PNG"), "application/vnd.ms-excel")})
    assert response.status_code == 422 and ".png" in response.content.decode()
    assert not Unit.objects.filter(building__compound=place.compound).exists()
