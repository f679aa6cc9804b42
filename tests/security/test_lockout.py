"""The login lockout (django-axes): per user name and address, on the page and at the token endpoint alike."""

import datetime as dt
import re

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.utils import timezone

from sanji.core.models import ApiToken

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
TOKEN = "/api/v1/auth/token"


def page_login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def api_login(client, username, password):
    return client.post(TOKEN, {"username": username, "password": password}, content_type="application/json")


def fail(times, login=page_login, client=None, username="resident-a"):
    client = client or Client()
    return [login(client, username, "wrong").status_code for _ in range(times)]


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def expire_lockout():
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=31))


def test_the_page_locks_a_user_name_out_at_the_fifth_failure_and_says_until_when(world):
    assert fail(4) == [200] * 4
    client = Client()
    response = page_login(client, "resident-a", "wrong")
    assert response.status_code == 429
    assert "core/locked_out.html" in [t.name for t in response.templates]
    until = timezone.localtime(timezone.now() + dt.timedelta(minutes=30))
    page = response.content.decode()
    assert re.search(r"\b\d\d:\d\d\b", page) and until.strftime("%H:") in page
    assert "Traceback" not in page and 1700 <= int(response["Retry-After"]) <= 1800


def test_a_locked_out_user_name_is_refused_even_with_the_right_password(world):
    fail(5)
    client = Client()
    response = page_login(client, "resident-a", "pw-for-tests")
    assert response.status_code == 429 and not logged_in(client)


def test_the_lockout_is_per_user_name_and_address(world):
    fail(5)
    other_name = Client()
    assert page_login(other_name, "staff-a", "pw-for-tests").status_code == 302 and logged_in(other_name)
    other_address = Client(REMOTE_ADDR="10.1.2.3")
    assert page_login(other_address, "resident-a", "pw-for-tests").status_code == 302 and logged_in(other_address)


def test_the_lockout_ends_after_the_cool_off(world):
    fail(5)
    expire_lockout()
    client = Client()
    assert page_login(client, "resident-a", "pw-for-tests").status_code == 302 and logged_in(client)


def test_a_good_login_clears_the_failures(world):
    fail(4)
    assert page_login(Client(), "resident-a", "pw-for-tests").status_code == 302
    assert fail(4) == [200] * 4


def test_the_api_counts_and_refuses_in_its_error_shape(world):
    assert fail(4, login=api_login) == [401] * 4
    response = api_login(Client(), "resident-a", "wrong")
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "locked_out" and set(body) == {"code", "message", "extra"}
    assert 1700 <= body["extra"]["retry_after"] <= 1800 and int(response["Retry-After"]) == body["extra"]["retry_after"]
    until = dt.datetime.fromisoformat(body["extra"]["until"])
    assert timezone.localtime(until).strftime("%H:%M") in body["message"]


def test_the_api_refuses_a_token_to_a_locked_out_user_name_with_the_right_password(world):
    fail(5, login=api_login)
    response = api_login(Client(), "resident-a", "pw-for-tests")
    assert response.status_code == 429 and response.json()["code"] == "locked_out"
    assert not ApiToken.objects.exists()
    expire_lockout()
    assert api_login(Client(), "resident-a", "pw-for-tests").status_code == 200


def test_failures_on_the_page_and_the_api_add_up(world):
    fail(3)
    fail(1, login=api_login)
    assert api_login(Client(), "resident-a", "wrong").status_code == 429


def test_the_failure_limit_and_cool_off_come_from_the_settings(world, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=5)
    assert fail(2) == [200, 429]
    response = api_login(Client(), "resident-a", "pw-for-tests")
    assert response.status_code == 429 and response.json()["extra"]["retry_after"] <= 300


def test_the_service_needs_the_request_to_count(world):
    from sanji.core.errors import LockedOut
    from sanji.core.services import token_issue

    request = RequestFactory().post(TOKEN)
    fail(5, login=api_login)
    with pytest.raises(LockedOut):
        token_issue(request=request, username="resident-a", password="pw-for-tests")


def test_force_login_still_works_with_axes(world, client):
    from tests.factories import fresh

    client.force_login(fresh(world.resident_a))
    assert client.get("/wishes/mine/").status_code == 200


def test_client_login_needs_a_request_under_axes(world):
    """Django's ``Client.login`` calls ``authenticate`` without a request, which axes refuses: pass one."""
    from axes.exceptions import AxesBackendRequestParameterRequired
    from django.http import HttpRequest

    with pytest.raises(AxesBackendRequestParameterRequired):
        Client().login(username="resident-a", password="pw-for-tests")
    assert Client().login(request=HttpRequest(), username="resident-a", password="pw-for-tests")
