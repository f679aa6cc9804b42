"""Rate limits on logins (per address) and on wishes (per person): 429 with a clear message, nothing written."""

import json
import multiprocessing
import re
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory

from sanji.core.cache import LockedFileBasedCache
from sanji.core.clients import client_ip
from sanji.wishes.models import Wish
from tests.factories import fresh

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
TOKEN = "/api/v1/auth/token"


@pytest.fixture(autouse=True)
def _one_window(monkeypatch):
    """Hold django-ratelimit's clock still, so that a slow run cannot carry a test's requests into a new window."""
    import django_ratelimit.core

    frozen = int(django_ratelimit.core.time.time())
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: frozen))


def page_login(client, username, password="wrong"):
    return client.post(LOGIN, {"username": username, "password": password})


def api_login(client, username, password="wrong"):
    return client.post(TOKEN, {"username": username, "password": password}, content_type="application/json")


def test_the_login_page_takes_ten_posts_a_minute_from_one_address(world):
    client = Client()
    assert [page_login(client, f"nobody-{n}").status_code for n in range(10)] == [200] * 10
    attempts = AccessAttempt.objects.count()
    response = page_login(client, "resident-a", "pw-for-tests")
    assert response.status_code == 429 and "error.html" in [t.name for t in response.templates]
    assert "请等1分钟后再试" in response.content.decode() and 1 <= int(response["Retry-After"]) <= 60
    assert "_auth_user_id" not in client.session and AccessAttempt.objects.count() == attempts
    assert client.get(LOGIN).status_code == 200  # reading the page is not limited
    assert page_login(Client(REMOTE_ADDR="10.0.0.7"), "resident-a", "pw-for-tests").status_code == 302


def test_the_token_endpoint_shares_the_login_limit_and_answers_in_its_error_shape(world):
    client = Client()
    assert [page_login(client, f"nobody-{n}").status_code for n in range(5)] == [200] * 5
    assert [api_login(client, f"nobody-{n}").status_code for n in range(5)] == [401] * 5
    response = api_login(client, "resident-a", "pw-for-tests")
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "too_many_requests" and "请等1分钟" in body["message"]
    assert body["extra"]["retry_after"] == int(response["Retry-After"])


def test_the_login_rate_is_a_setting(world, settings):
    settings.SANJI_RATE_LOGIN = "2/m"
    client = Client()
    assert [api_login(client, "nobody").status_code for _ in range(3)] == [401, 401, 429]


def wish_page(client, text):
    return client.post("/wishes/new/", {"text": text, "confirm_new": "1"})


def test_a_resident_makes_at_most_the_set_number_of_wishes_an_hour_on_the_page(world, settings):
    settings.SANJI_RATE_WISH = "2/h"
    client = Client()
    client.force_login(fresh(world.resident_a))
    assert [wish_page(client, f"需要帮忙修水管{n}").status_code for n in range(2)] == [302, 302]
    response = wish_page(client, "需要帮忙修水管3")
    assert response.status_code == 429
    assert re.search(r"请等\d+分钟后再试", response.content.decode())
    assert Wish.objects.count() == 2
    other = Client()
    other.force_login(fresh(world.resident_b))
    assert wish_page(other, "楼道灯坏了").status_code == 302


def test_staff_entering_wishes_for_residents_have_their_own_higher_rate(world, settings):
    settings.SANJI_RATE_WISH = "1/h"
    settings.SANJI_RATE_WISH_STAFF = "3/h"
    from sanji.core.models import Resident

    resident = Resident.objects.get(user=world.resident_a)
    client = Client()
    client.force_login(fresh(world.staff_a))
    codes = [client.post("/wishes/new/", {"text": f"老人需要轮椅{n}", "resident": resident.pk, "confirm_new": "1"})
             .status_code for n in range(4)]
    assert codes == [302, 302, 302, 429] and Wish.objects.count() == 3


def test_the_wish_api_is_limited_per_person_in_its_error_shape(world, settings):
    settings.SANJI_RATE_WISH = "1/h"
    token = api_login(Client(), "resident-a", "pw-for-tests").json()["token"]
    headers = {"Authorization": f"Bearer {token}"}

    def make(text):
        return Client().post("/api/v1/wishes", json.dumps({"text": text}), content_type="application/json",
                             headers=headers)

    assert make("希望有人陪我去医院复查").status_code == 201
    refused = make("希望有人教我用手机")
    assert refused.status_code == 429 and refused.json()["code"] == "too_many_requests"
    assert Wish.objects.count() == 1


def test_a_cache_that_cannot_be_reached_lets_requests_through(world, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("sanji.core.ratelimits.get_usage", down)
    assert page_login(Client(), "resident-a", "pw-for-tests").status_code == 302


def test_the_client_address_is_read_through_the_trusted_proxies_only(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="1.1.1.1, 172.16.0.5")
    assert client_ip(request) == "10.9.9.9"
    settings.SANJI_PROXY_COUNT = 1
    assert client_ip(request) == "172.16.0.5"  # what the proxy saw, not what the client wrote before it
    settings.SANJI_PROXY_COUNT = 3
    assert client_ip(request) == "10.9.9.9"


def _count(location: str, times: int) -> None:
    cache = LockedFileBasedCache(location, {})
    for _ in range(times):
        cache.add("hits", 0, 60)
        cache.incr("hits")


def test_the_file_cache_counts_exactly_across_processes(tmp_path):
    location = str(tmp_path / "cache")
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_count, args=(location, 100)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [worker.exitcode for worker in workers] == [0] * 4
    assert LockedFileBasedCache(location, {}).get("hits") == 400


def redis_reachable(url: str) -> bool:
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.mark.skipif(not redis_reachable(REDIS_URL), reason="no Redis at 127.0.0.1:6379 (CI starts one)")
def test_the_limits_count_in_redis_with_djangos_own_backend(world, settings):
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    settings.SANJI_RATE_LOGIN = "2/m"
    cache.clear()
    try:
        client = Client()
        assert [api_login(client, "nobody").status_code for _ in range(3)] == [401, 401, 429]
    finally:
        cache.clear()
