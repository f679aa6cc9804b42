"""The audit log in the JSON API: the same searches as the page, for district administrators and superusers."""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from sanji.wishes.schemas import ErrorOut

from . import selectors

router = Router(tags=["audit"])
ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class SearchQuery(Schema):
    actor: str = Field("", description="a user id, a login name, or part of the name shown")
    model: str = Field("", description="the kind of record, e.g. core.resident")
    object_id: str = ""
    area: str = Field("", description="an area id: rows in its subtree")
    since: str = Field("", description="YYYY-MM-DD, included")
    until: str = Field("", description="YYYY-MM-DD, included")
    q: str = ""
    action: str = Field("", description="create, update, delete, add or remove (changes only)")
    purpose: str = Field("", description="a purpose code (disclosures only)")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**9)


class EntryOut(Schema):
    id: int
    at: str
    actor: int | None
    actor_label: str
    source: str
    action: str
    model: str
    object_id: str
    object_repr: str
    changes: dict
    area: int | None


class EntryPage(Schema):
    count: int
    items: list[EntryOut]


class DisclosureOut(Schema):
    id: int
    at: str
    actor: int | None
    actor_label: str
    source: str
    subject_model: str
    subject_id: str
    fields: list[str]
    purpose: str
    purpose_ref: str
    area: int | None


class DisclosurePage(Schema):
    count: int
    items: list[DisclosureOut]


def _filters(request, query: SearchQuery) -> selectors.Filters:
    return selectors.parse_filters(request.auth, query.dict())


@router.get("/audit", response={200: EntryPage, **ERRORS}, summary="Search the audit log, newest first")
def changes(request: HttpRequest, query: Query[SearchQuery]):
    rows = selectors.audit_search(request.auth, **_filters(request, query).for_changes())
    items = [
        {"id": e.pk, "at": e.at.isoformat(), "actor": e.actor_id, "actor_label": e.actor_label, "source": e.source,
         "action": e.action, "model": e.model, "object_id": e.object_id, "object_repr": e.object_repr,
         "changes": e.changes, "area": e.area_id}
        for e in rows[query.offset:query.offset + query.limit]
    ]
    return {"count": rows.count(), "items": items}


@router.get("/audit/disclosures", response={200: DisclosurePage, **ERRORS},
            summary="Search the showings of unmasked personal data, newest first")
def disclosures(request: HttpRequest, query: Query[SearchQuery]):
    rows = selectors.disclosure_search(request.auth, **_filters(request, query).for_disclosures())
    items = [
        {"id": d.pk, "at": d.at.isoformat(), "actor": d.actor_id, "actor_label": d.actor_label, "source": d.source,
         "subject_model": d.subject_model, "subject_id": d.subject_id, "fields": d.fields.split(","),
         "purpose": d.purpose, "purpose_ref": d.purpose_ref, "area": d.area_id}
        for d in rows[query.offset:query.offset + query.limit]
    ]
    return {"count": rows.count(), "items": items}
