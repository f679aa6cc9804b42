"""The API's answers to requests that go wrong before any operation runs, and the names in its schema."""

from collections import defaultdict

import pytest
from django.test import Client
from ninja import Schema

pytestmark = pytest.mark.django_db


def test_a_multipart_body_without_boundary_is_a_bad_request():
    response = Client().post("/api/v1/auth/token", data=b'{"username": "a", "password": "b"}',
                             content_type="multipart/form-data")
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


def test_a_post_to_a_path_the_api_does_not_have_is_a_json_404_not_a_csrf_page():
    response = Client(enforce_csrf_checks=True).post("/api/v1/wishes/one/actions/approve", data={},
                                                     HTTP_COOKIE="sessionid=x")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["code"] == "not_found"


def test_every_schema_of_the_api_has_a_name_of_its_own():
    """Ninja names a schema's OpenAPI component by its class name: two shapes of one name would show one for both."""
    import sanji.api  # noqa: F401  (imports every router and its schemas)

    names = defaultdict(set)

    def walk(cls):
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("sanji."):
                names[sub.__name__].add(f"{sub.__module__}.{sub.__qualname__}")
            walk(sub)

    walk(Schema)
    assert {name: found for name, found in names.items() if len(found) > 1} == {}


def test_a_post_without_token_or_session_is_told_to_log_in():
    response = Client(enforce_csrf_checks=True).post("/api/v1/wishes", data={"text": "x"},
                                                     content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_post_with_a_session_cookie_but_no_csrf_token_is_still_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.staff_a)
    response = client.post("/api/v1/wishes", data={"text": "x"}, content_type="application/json")
    assert response.status_code == 403


def test_a_method_a_path_does_not_take_is_a_json_405_naming_the_methods_it_takes():
    response = Client().delete("/api/v1/wishes")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert response.json()["extra"] == {"allowed": ["GET", "POST"]}
    assert sorted(response["Allow"].split(", ")) == ["GET", "POST"]
