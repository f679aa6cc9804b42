"""The JSON API against hostile input, as the demo district's people (issue 8).

Schemathesis reads the OpenAPI schema that ``sanji.api`` serves and sends seeded, reproducible requests through the
WSGI app in-process, in two tests:

- ``test_boundary_values_are_answered_as_declared``: schemathesis' coverage phase, for every operation, as the
  district admin (signed in, widest scope): each parameter's boundary and invalid values (huge and negative numbers,
  NUL and odd text, wrong types, missing fields), bodies that cannot be read, methods a path does not take.
- ``test_each_role_is_answered_as_declared``: ``MAX_EXAMPLES`` random requests per operation, valid and invalid,
  state-changing ones included, each sent as every demo account in ``USERS`` and without a token.

Every answer must be no server error, have a status code and a content type the operation declares and match the
schema declared for it; a 4xx must be the API's ``{code, message, extra}`` (``refusals_are_error_bodies``).

A random id rarely names a row, so the fuzzed path ids and id fields are often swapped for ids of rows the demo
accounts work with (``KNOWN_IDS``): the requests then reach the services and their refusals, not only 404.
Each test runs in a transaction rolled back at its end, so every operation starts from the same demo district.

Runs once, in the SQLite suite (``api_fuzz`` marker; about four minutes of CPU with the demo's build). SQLite stores
what PostgreSQL refuses, so ``_as_postgresql`` refuses it too: a NUL character in text, a number past 64 bits.
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import DataError, close_old_connections, connection
from hypothesis import strategies as st
from ninja.responses import NinjaJSONEncoder
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sanji.api import api
from sanji.demo.builder import build_demo
from sanji.wsgi import application

from ..conftest import on_postgres
from ..factories import restore_reference_data

if on_postgres():  # before the schema is read: building its tests takes a while
    pytest.skip("runs once, in the SQLite suite", allow_module_level=True)

pytestmark = pytest.mark.api_fuzz

MAX_EXAMPLES = 10
SEED = 20250801

#: The demo accounts the operations run as: one of each role (README, "Demo accounts"); None sends no token.
USERS = [
    "demo-resident",  # resident
    "demo-staff",  # community staff
    "demo-property",  # community secretary with compounds, votes and a re-election
    "demo-member",  # party member
    "demo-unit",  # partner-unit coordinator
    "demo-street",  # street officer
    "demo-district",  # district admin
    "demo-owner",  # owner in 湾仔小区
    "demo-cadre",  # young cadre
    None,
]


def refusals_are_error_bodies(ctx, response, case) -> None:
    """Check that a 4xx answer, whatever was sent (a wrong method too), is the API's ``{code, message, extra}``."""
    if not 400 <= response.status_code < 500:
        return
    content_type = (response.headers.get("content-type") or [""])[0]
    assert content_type.startswith("application/json"), f"{response.status_code} answered as {content_type!r}"
    body = json.loads(response.content)
    assert isinstance(body, dict) and set(body) == {"code", "message", "extra"}, body


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          refusals_are_error_bodies]


def _config(**phases) -> schemathesis.Config:
    every = {"examples": False, "coverage": False, "fuzzing": False, "stateful": False} | phases
    return schemathesis.Config.from_dict({
        "seed": SEED,
        "suppress-health-check": ["too_slow"],  # a busy CI machine is no finding
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
        "phases": {name: {"enabled": enabled} for name, enabled in every.items()},
    })


def _served_schema() -> dict:
    """Return the OpenAPI document as ``/api/v1/openapi.json`` serves it, without a request (no database yet)."""
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"), cls=NinjaJSONEncoder))


def _schema(config: schemathesis.Config):
    loaded = schemathesis.openapi.from_dict(_served_schema(), config=config)
    loaded.app = application
    loaded.location = "/api/v1/openapi.json"
    return loaded


#: Every parameter's boundary and invalid values (huge and negative numbers, NUL and odd text, wrong types, missing
#: fields, unreadable bodies), each operation once, as the district admin: signed in with the widest scope.
boundaries = _schema(_config(coverage=True))
#: ``MAX_EXAMPLES`` random requests, valid and invalid, per operation and user.
fuzz = _schema(_config(fuzzing=True))

#: Ids of the demo's rows by (first path segment, name of the path parameter or body field); filled by ``district``.
KNOWN_IDS: dict[tuple[str, str], list[int]] = {}


def _known_ids() -> dict[tuple[str, str], list[int]]:
    """Return ids of the rows the demo accounts work with: 湛山街道's wishes and people, 延安三路社区's compounds."""
    from sanji.cadres.models import Batch, FieldReport, Placement, Proposal, Whistle, WhistleCall
    from sanji.classes.models import ClassProject, Milestone, WishClass
    from sanji.core.models import Area, Claimer, Compound, Resident
    from sanji.dispatch.models import BatchLine, DispatchBatch
    from sanji.notices.models import Notice
    from sanji.property.models import Consultation, Owner, OwnersVote, Reelection, Unit
    from sanji.wishes.models import Wish

    def ids(model, **filters):
        return list(model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True)[:60])

    street, yanan = {"community__parent__name": "湛山街道"}, "延安三路社区"
    wishes, areas, claimers = ids(Wish, **street), ids(Area), ids(Claimer)
    owners, units = ids(Owner, compound__community__name=yanan), ids(Unit, building__compound__community__name=yanan)
    known = {
        ("wishes", "wish_id"): wishes, ("wishes", "resident"): ids(Resident, **street),
        ("wishes", "assignee"): claimers, ("wishes", "as_claimer"): claimers, ("wishes", "into"): wishes,
        ("classes", "class_id"): ids(WishClass), ("classes", "into"): ids(WishClass), ("classes", "lead"): claimers,
        ("classes", "area"): areas, ("classes", "district"): areas,
        ("projects", "project_id"): ids(ClassProject), ("projects", "milestone_id"): ids(Milestone),
        ("dispatch", "batch_id"): ids(DispatchBatch), ("dispatch", "line_id"): ids(BatchLine),
        ("dispatch", "area"): areas, ("dispatch", "claimer"): claimers,
        ("notices", "notice"): ids(Notice),
        ("property", "compound_id"): ids(Compound, community__name=yanan),
        ("property", "consultation_id"): ids(Consultation), ("property", "vote_id"): ids(OwnersVote),
        ("property", "reelection_id"): ids(Reelection), ("property", "unit"): units,
        ("property", "owner"): owners, ("property", "chair"): owners, ("property", "vice_chair"): owners,
        ("cadres", "batch_id"): ids(Batch), ("cadres", "proposal_id"): ids(Proposal),
        ("cadres", "placement_id"): ids(Placement), ("cadres", "report_id"): ids(FieldReport),
        ("cadres", "whistle_id"): ids(Whistle), ("cadres", "call_id"): ids(WhistleCall),
        ("cadres", "community"): areas, ("cadres", "proposal"): ids(Proposal),
    }
    return {key: value for key, value in known.items() if value}


def _segment(context) -> str:
    return context.operation.path.removeprefix("/api/v1/").split("/")[0]


def _some_known(segment: str, values: dict) -> st.SearchStrategy:
    """Keep each whole-number value, or swap it for a demo row's id; other values (invalid ones) stay."""
    parts = {}
    for name, value in values.items():
        ids = KNOWN_IDS.get((segment, name))
        if ids and isinstance(value, int) and not isinstance(value, bool):
            parts[name] = st.one_of(st.sampled_from(ids), st.just(value))
        else:
            parts[name] = st.just(value)
    return st.fixed_dictionaries(parts)


@fuzz.hook
def flatmap_path_parameters(context, path_parameters):
    return _some_known(_segment(context), path_parameters or {})


@fuzz.hook
def flatmap_body(context, body):
    if not isinstance(body, dict):
        return st.just(body)
    return _some_known(_segment(context), body)


@pytest.fixture(scope="module")
def district(django_db_setup, django_db_blocker):
    """Build the demo district (its wishes, property and cadres) once; give each demo account a bearer token."""
    from sanji.core.models import ApiToken, User

    with django_db_blocker.unblock():
        build_demo(parts=("property", "cadres"))
        KNOWN_IDS.update(_known_ids())
        tokens = {}
        for username in filter(None, USERS):
            raw = ApiToken.new_raw()
            ApiToken.objects.create(user=User.objects.get(username=username), digest=ApiToken.digest_of(raw))
            tokens[username] = raw
        # Django's test client does the same: a request must not close the test's connection in its transaction.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        yield tokens
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        KNOWN_IDS.clear()
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)
        restore_reference_data()


def _as_postgresql(execute, sql, params, many, context):
    """Refuse what PostgreSQL refuses and SQLite stores: a NUL character in text, a whole number past 64 bits."""
    for row in (params if many else [params]) or ():
        for value in (row.values() if isinstance(row, dict) else row or ()):
            if isinstance(value, str) and "\x00" in value:
                raise DataError("A string literal cannot contain NUL (0x00) characters.")
            if isinstance(value, int) and not -2**63 <= value < 2**63:
                raise DataError("bigint out of range")
    return execute(sql, params, many, context)


def _call(case, username, tokens):
    headers = {"Authorization": f"Bearer {tokens[username]}"} if username else {}
    with connection.execute_wrapper(_as_postgresql):
        case.call_and_validate(headers=headers, checks=CHECKS)


@pytest.mark.django_db
@boundaries.parametrize()
def test_boundary_values_are_answered_as_declared(case, district):
    _call(case, "demo-district", district)


@pytest.mark.django_db
@fuzz.parametrize()
def test_each_role_is_answered_as_declared(case, district):
    for username in USERS:
        try:
            _call(case, username, district)
        except Exception as failure:
            failure.add_note(f"Sent as {username or 'a caller without a token'}.")
            raise
