"""The API's answers to requests that go wrong before any operation runs."""

import pytest
from django.test import Client

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

