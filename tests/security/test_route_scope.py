"""Scope isolation, proven for every route: a person of one community reaches nothing of another.

The routes are read from the URL resolver and the OpenAPI schema, so a new one fails ``test_every_route_is_known``
until ``route_table`` (pages) or ``api_table`` (API) names the objects to put in it. For every route:

- the people of community A (its staff, a resident, a party member, a partner unit's coordinator, an owner, its
  placed cadre) get 403, 404 or 405 for B's objects, on GET and on a write with a plausible body, and no row of B
  changes; lists, searches and exports show none of B's personal data or private texts, whatever the query names;
- the street officer of 湛山街道 gets the same for community C, which lies in another street;
- anyone not logged in is sent to the login page (pages) or gets 401 (API), except on the few public routes, and
  the public pages hold no personal data;
- the person who should open A's object does (so a route that refuses everyone cannot pass unseen).

The district is built once per module (``scope_world``); each test runs in a savepoint that is rolled back.
"""

import io
import json
import zipfile

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, reverse

from sanji.api import api
from sanji.core import clock

from . import fingerprint
from .api_table import API
from .route_table import PAGES, Route
from .scope_world import NOW, Missing, build_scope_world, png

#: Routes anyone may open: the front page, the public board, logging in and out, the language switch, the API's
#: token exchange, its public board, its schema and docs, and its answer to an unknown path.
PUBLIC_PAGES = {"home", "board", "login", "logout", "set_language", "api:openapi-json", "api:openapi-view",
                "api:api-root", "api/v1/<path:rest>"}
PUBLIC_API = {"POST /api/v1/auth/token", "GET /api/v1/board"}
#: Pages that show the texts of wishes on the public board (masked of the person), to anyone.
PUBLIC_TEXT_PAGES = {"home", "board"}
#: The people of A who ask for B's objects, by the part of the platform a route belongs to: those whose link to
#: the data lies there (an owner's to the votes, a cadre's to the placements), and always the staff and the partner
#: unit's coordinator, whose grant sits on the whole street.
ATTACKERS = {
    "property": ["staff", "owner", "unit"],
    "cadres": ["staff", "cadre", "unit"],
    "": ["staff", "resident", "member", "unit"],
}
REFUSED = {403, 404, 405}


# --- the routes ---------------------------------------------------------------------------------------------------


def page_routes() -> dict[str, str]:
    """Return every URL pattern outside the admin, by its namespaced name (or its pattern when it has none)."""
    found = {}

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern).startswith("admin/"):
                    continue
                walk(pattern.url_patterns, prefix + str(pattern.pattern),
                     ":".join(filter(None, [namespace, pattern.namespace])))
            else:
                route = prefix + str(pattern.pattern)
                found[":".join(filter(None, [namespace, pattern.name])) if pattern.name else route] = route

    walk(get_resolver().url_patterns, "", "")
    return found


def api_operations() -> dict[str, dict]:
    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}": op for path, ops in schema["paths"].items() for method, op in ops.items()}


def _is_api(key: str) -> bool:
    return key.split(" ", 1)[-1].startswith("/api/")


ROUTES = {**PAGES, **API}
WITH_TARGETS = sorted(k for k, r in ROUTES.items() if r.targets)
WITHOUT_TARGETS = sorted(k for k, r in ROUTES.items() if not r.targets)
MIXED = sorted(k for k, r in ROUTES.items() if r.mixed)


def test_every_route_is_known():
    pages, ops = page_routes(), api_operations()
    api_names = {name for name in pages if name.startswith("api:")} - PUBLIC_PAGES
    unknown = sorted(set(pages) - set(PAGES) - PUBLIC_PAGES - api_names) + sorted(set(ops) - set(API) - PUBLIC_API)
    assert not unknown, (
        f"New routes: {unknown}. Add each to tests/security/route_table.py (pages) or api_table.py (API) with the "
        "objects of a community its parameters name, the body of a write and who may open it.")
    stale = sorted((set(PAGES) - set(pages)) | (set(API) - set(ops)))
    assert not stale, f"Routes in the table that no longer exist: {stale}"
    hidden = sorted(n for n in api_names if not any(op["operationId"].endswith("_" + n.split(":")[1])
                                                    for op in ops.values()))
    assert not hidden, f"API routes missing from the OpenAPI schema, so unchecked: {hidden}"


# --- the world and the requests -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory):
    """Build the district once, log everyone in once (sessions outlive the tests' savepoints), then roll back."""
    media = tmp_path_factory.mktemp("scope-media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast, MEDIA_ROOT=media):
        with transaction.atomic():
            world = build_scope_world()
            world.media = media
            people = [*world["A"].people.values(), world.street_officer, world.district_admin,
                      world.pool.desk_petitions, world.pool.desk_civil]
            world.clients = {user.pk: _logged_in(user) for user in people if user is not None}
            base = fingerprint.snapshot()
            world.watch = {tag: fingerprint.Watch(base, world["A"].rows | world[tag].rows) for tag in ("B", "C")}
            yield world
            transaction.set_rollback(True)


@pytest.fixture
def sw(built, db, settings):
    settings.MEDIA_ROOT = built.media
    return built


def _logged_in(user) -> Client:
    c = Client(HTTP_HOST="127.0.0.1")
    c.force_login(user)
    return c


def client(sw, user=None) -> Client:
    return sw.clients[user.pk] if user is not None else Client(HTTP_HOST="127.0.0.1")


def person(sw, side, who):
    if who == "district_admin":
        return sw.district_admin
    if who in ("desk_petitions", "desk_civil"):
        return getattr(sw.pool, who)
    return side.user(who)


def url_of(key: str, params: dict) -> str:
    if _is_api(key):
        return key.split(" ", 1)[1].format(**params)
    return reverse(key, kwargs=params)


def method_of(key: str, route: Route) -> str:
    if _is_api(key):
        return key.split(" ", 1)[0]
    return "POST" if route.writes else "GET"


def call(c: Client, key: str, route: Route, *, params=None, body=None, query=None, method=None):
    """Make one request of ``key`` as the client's user, at the world's moment."""
    url, method = url_of(key, params or {}), method or method_of(key, route)
    with clock.at(NOW):
        if method == "GET":
            return c.get(url, query or {})
        if route.upload:
            from tests.property.helpers import sheet

            files = ({"kind": "request", "photos": [png()]} if _is_api(key)
                     else {"file": io.BytesIO(sheet(("9号楼", "101", "50.00", "新业主", "", "否")))})
            return c.post(url, files)
        if _is_api(key):
            return c.generic(method, url, json.dumps(body or {}), content_type="application/json")
        return c.post(url, body or {})


def readable(response) -> str:
    """Return the body as text: HTML, JSON and CSV as they are, the cells of a spreadsheet, a PDF's bytes."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return "".join(book.read(n).decode("utf-8", "replace") for n in book.namelist() if n.endswith(".xml"))
    return content.decode("utf-8" if not content.startswith(b"%PDF") else "latin-1", "replace")


def leaked(response, side, *, public_too: bool, sent=()) -> list[str]:
    """Return the markers of ``side`` in the body, but those the request itself sent (a search echoed back)."""
    text = readable(response)
    markers = side.private + (side.public if public_too else [])
    return [m for m in markers if m in text and not any(m in str(v) for v in sent)]


def body_of(route: Route, path_side, body_side, params) -> dict:
    return route.body(path_side, body_side, params) if route.body else {}


def targets(route: Route, side) -> list[dict]:
    try:
        return route.targets(side)
    except Missing:
        return []


def _attack(sw, key, attackers, victim, *, first_only=False) -> list[str]:
    """Ask for each of the victim's objects (or the first) as each attacker; return what went wrong."""
    route, problems = ROUTES[key], []
    watch = sw.watch[victim.tag] if method_of(key, route) != "GET" else None
    before = watch.snapshot() if watch else None
    allowed = REFUSED | ({200} if route.district and method_of(key, route) == "GET" else set())
    for who, user in attackers:
        for params in targets(route, victim)[:1 if first_only else None]:
            body = body_of(route, victim, victim, params)
            response = call(client(sw, user), key, route, params=params, body=body)
            if response.status_code not in allowed:
                problems.append(f"{who}: {method_of(key, route)} {url_of(key, params)} -> {response.status_code}")
            problems += [f"{who}: {url_of(key, params)} shows {m!r}"
                         for m in leaked(response, victim, public_too=True, sent=body.values())]
    return problems + (fingerprint.touched(before, watch.snapshot(), victim.rows) if watch else [])


def _a_people(sw, key):
    part = key.split(" ", 1)[1].removeprefix("/api/v1/").split("/")[0] if _is_api(key) else key.split(":")[0]
    return [(who, sw["A"].people[who]) for who in ATTACKERS.get(part, ATTACKERS[""])]


# --- the other community's objects --------------------------------------------------------------------------------


@pytest.mark.parametrize("key", WITH_TARGETS)
def test_a_community_reaches_no_object_of_another(sw, key):
    problems = _attack(sw, key, _a_people(sw, key), sw["B"])
    assert not problems


@pytest.mark.parametrize("key", [k for k in WITH_TARGETS if not ROUTES[k].district])
def test_a_street_reaches_no_object_of_another_street(sw, key):
    problems = _attack(sw, key, [("street_officer", sw.street_officer)], sw["C"], first_only=True)
    assert not problems


@pytest.mark.parametrize("key", MIXED)
def test_ones_own_object_does_not_open_the_way_to_anothers(sw, key):
    """Put the other side's part (a ballot, a line, an owner, a task) under or beside one's own object."""
    route, own, other = ROUTES[key], sw["A"], sw["B"]
    watch = sw.watch["B"]
    before = watch.snapshot()
    problems = []
    for params in route.mixed(own, other):
        body = body_of(route, own, other, params)
        response = call(client(sw, person(sw, own, route.reader)), key, route, params=params, body=body)
        if response.status_code >= 500 or (method_of(key, route) == "GET" and response.status_code not in REFUSED):
            problems.append(f"{url_of(key, params)} -> {response.status_code}")
        problems += [f"{url_of(key, params)} shows {m!r}"
                     for m in leaked(response, other, public_too=True, sent=body.values())]
    problems += fingerprint.touched(before, watch.snapshot(), other.rows)
    assert not problems


@pytest.mark.parametrize("key", WITHOUT_TARGETS)
def test_lists_and_searches_show_nothing_of_another_community(sw, key):
    """Each person of A asks for the list, then (if let in) with queries naming B; a write names B's objects."""
    route, own, other = ROUTES[key], sw["A"], sw["B"]
    public_too = key not in PUBLIC_TEXT_PAGES
    watch = sw.watch["B"] if method_of(key, route) != "GET" else None
    before = watch.snapshot() if watch else None
    problems = []
    for who, user in _a_people(sw, key):
        c = client(sw, user)
        if method_of(key, route) == "GET" or route.queries:
            let_in = True
            if not route.pdf:  # a PDF's text cannot be searched: only the queries naming B are asked, for the status
                response = call(c, key, route, method="GET")
                problems += [f"{who}: shows {m!r}" for m in leaked(response, other, public_too=public_too)]
                let_in = response.status_code == 200
            for query in (route.queries(other) if route.queries and let_in else []):
                response = call(c, key, route, query=query, method="GET")
                if route.pdf and response.status_code == 200:
                    problems.append(f"{who}: ?{query} -> 200")
                problems += [f"{who}: ?{query} shows {m!r}"
                             for m in leaked(response, other, public_too=public_too, sent=query.values())]
        if method_of(key, route) != "GET":
            body = body_of(route, own, other, {})
            response = call(c, key, route, body=body)
            if response.status_code >= 500:
                problems.append(f"{who}: write -> {response.status_code}")
            problems += [f"{who}: write shows {m!r}" for m in leaked(response, other, public_too=True,
                                                                    sent=body.values())]
    problems += fingerprint.touched(before, watch.snapshot(), other.rows) if watch else []
    assert not problems


# --- anonymous visitors -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(ROUTES))
def test_anonymous_visitors_are_sent_to_log_in(sw, key):
    route, victim = ROUTES[key], sw["B"]
    params = targets(route, victim)[0] if route.targets else {}
    response = call(client(sw), key, route, params=params, body=body_of(route, victim, victim, params))
    if _is_api(key):
        assert response.status_code == 401, url_of(key, params)
    else:
        assert response.status_code == 302, url_of(key, params)
        assert response["Location"].startswith(reverse(django_settings.LOGIN_URL))


@pytest.mark.parametrize("url", ["/", "/board/", "/api/v1/board"])
def test_public_pages_hold_no_personal_data(sw, url):
    for side in sw.sides.values():
        for query in ({}, {"community": side.community.pk}):
            with clock.at(NOW):
                response = client(sw).get(url, query)
            assert response.status_code == 200
            assert not leaked(response, side, public_too=False)
            assert not query or url == "/" or any(text in readable(response) for text in side.public)


@pytest.mark.parametrize("url", ["/", "/board/", "/api/v1/board"])
def test_the_public_pages_show_a_logged_in_person_nothing_private_of_another_community(sw, url):
    for who, user in _a_people(sw, "wishes:all"):
        with clock.at(NOW):
            response = client(sw, user).get(url, {"community": sw["B"].community.pk})
        assert response.status_code == 200
        assert not leaked(response, sw["B"], public_too=False), who


def test_a_district_reaches_no_class_or_project_of_another_district(sw):
    """Classes and projects are shared by a district's staff; another district's administrator sees none."""
    from tests.classes.helpers import other_district

    _district, laoshan_admin, laoshan_class = other_district()
    for user, urls in [
        (sw.district_admin, [f"/classes/{laoshan_class.pk}/", f"/api/v1/classes/{laoshan_class.pk}"]),
        (laoshan_admin, [f"/classes/{sw['B'].pk('wish_class')}/", f"/classes/projects/{sw['B'].pk('project')}/",
                         f"/api/v1/classes/{sw['B'].pk('wish_class')}", f"/api/v1/projects/{sw['B'].pk('project')}"]),
    ]:
        c = Client(HTTP_HOST="127.0.0.1")
        c.force_login(user)
        for url in urls:
            with clock.at(NOW):
                assert c.get(url).status_code == 404, url


@pytest.mark.parametrize("who", [None, "staff", "resident"])
def test_the_admin_sends_everyone_but_staff_users_to_its_login(sw, who):
    user = sw["A"].user(who) if who else None
    wish = sw["B"]["wishes"]["submitted"]
    for url in ("/admin/", f"/admin/wishes/wish/{wish.pk}/change/"):
        response = client(sw, user).get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


# --- one's own objects --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(k for k, r in ROUTES.items() if r.reader and (r.targets or r.shows)))
def test_the_right_person_opens_his_or_her_own_communitys_objects(sw, key):
    """A route that refuses everyone would pass the tests above; this one sees that it lets the right person in."""
    route, own = ROUTES[key], sw["A"]
    c = client(sw, person(sw, own, route.reader))
    params = route.targets(own)[0] if route.targets else {}
    url = url_of(key, params)
    if method_of(key, route) == "GET":
        response = call(c, key, route, params=params)
        assert response.status_code == route.expect, url
        if route.shows:
            assert route.shows(own) in readable(response), url
    else:
        if not _is_api(key):
            assert call(c, key, route, params=params, method="GET").status_code == route.expect, url
        response = call(c, key, route, params=params, body=body_of(route, own, own, params))
        assert response.status_code not in (401, 403, 404) and response.status_code < 500, (
            f"{url} -> {response.status_code}: {readable(response)[:300]}")
