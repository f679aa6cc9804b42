"""The caller's own inbox in the JSON API."""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from sanji.core.inputs import MAX_ID
from sanji.wishes.schemas import ERRORS

from . import selectors, services
from .messages import render

router = Router(tags=["notices"])


class InboxQuery(Schema):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**9)
    unread: bool = False


class NoticeOut(Schema):
    id: int
    kind: str
    subject: str
    body: str
    url: str
    created_at: str
    read: bool


class InboxPage(Schema):
    count: int
    unread: int
    items: list[NoticeOut]


class ReadIn(Schema):
    notice: int | None = Field(None, ge=1, le=MAX_ID)
    up_to: int | None = Field(None, ge=1, le=MAX_ID, description="with no notice: mark only ids up to this one")


class ReadOut(Schema):
    marked: int


@router.get("/notices", response={200: InboxPage, **ERRORS}, summary="My messages, newest first")
def inbox(request: HttpRequest, query: Query[InboxQuery]):
    notices = selectors.inbox(request.auth)
    if query.unread:
        notices = notices.filter(read_at__isnull=True)
    items = []
    for n in notices[query.offset:query.offset + query.limit]:
        text = render(n.kind, n.params)
        items.append({"id": n.pk, "kind": n.kind, "subject": text.subject, "body": text.body, "url": n.url,
                      "created_at": n.created_at.isoformat(), "read": n.read_at is not None})
    return {"count": notices.count(), "unread": selectors.unread_count(request.auth), "items": items}


@router.post("/notices/read", response={200: ReadOut, **ERRORS},
             summary="Mark one message read, or all of them (up to an id) when no id is given")
def mark_read(request: HttpRequest, payload: ReadIn):
    return {"marked": services.inbox_mark_read(user=request.auth, notice_id=payload.notice,
                                                  up_to_id=payload.up_to)}
