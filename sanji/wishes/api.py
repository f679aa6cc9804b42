"""The wish endpoints of the JSON API. Each parses, fetches with access check, calls one service."""

from django.http import HttpRequest
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from sanji.core.inputs import MAX_ID
from sanji.core.ratelimits import wish_limit

from . import selectors, services, transitions
from .contact import beneficiary_contact
from .presenters import event_rows, wish_detail, wish_public
from .schemas import (
    ERRORS,
    ActionIn,
    ActionName,
    BoardPage,
    ContactOut,
    ErrorOut,
    EventOut,
    VolunteerIn,
    VolunteerOut,
    WishIn,
    WishOut,
    WishPage,
)

router = Router(tags=["wishes"])
public_router = Router(tags=["public"])

MAX_PAGE = 200


class PageQuery(Schema):
    limit: int = Field(50, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=10**9)


class WishFilter(PageQuery):
    state: str | None = Field(None, max_length=32)
    area: int | None = Field(None, ge=1, le=MAX_ID)


class BoardFilter(PageQuery):
    community: int | None = Field(None, ge=1, le=MAX_ID)


def _page(qs, page: PageQuery):
    return qs.count(), list(qs[page.offset:page.offset + page.limit])


@router.post("/wishes", response={201: WishOut, 429: ErrorOut, **ERRORS}, summary="Make a wish")
@wish_limit
def create_wish(request: HttpRequest, payload: WishIn):
    wish = services.wish_submit(actor=request.auth, **payload.dict())
    return Status(201, wish_detail(request.auth, wish))


@router.get("/wishes", response={200: WishPage, **ERRORS}, summary="Wishes in the caller's scope")
def list_wishes(request: HttpRequest, filters: Query[WishFilter]):
    count, wishes = _page(selectors.wish_list(request.auth, state=filters.state, area_id=filters.area), filters)
    return {"count": count, "items": [wish_detail(request.auth, w) for w in wishes]}


@router.get("/wishes/{int:wish_id}", response={200: WishOut, **ERRORS}, summary="One wish")
def get_wish(request: HttpRequest, wish_id: int):
    return wish_detail(request.auth, selectors.wish_access(request.auth, wish_id))


@router.get("/wishes/{int:wish_id}/contact", response={200: ContactOut, **ERRORS},
            summary="The beneficiary's phone, address and care note, for staff in scope and the claimer at work "
                    "(each call is logged)")
def wish_contact(request: HttpRequest, wish_id: int):
    return beneficiary_contact(actor=request.auth, wish=selectors.wish_access(request.auth, wish_id))


@router.get("/wishes/{int:wish_id}/events", response={200: list[EventOut], **ERRORS}, summary="A wish's history")
def wish_events(request: HttpRequest, wish_id: int):
    return event_rows(request.auth, selectors.wish_access(request.auth, wish_id))


@router.post("/wishes/{int:wish_id}/actions/{action}", response={200: WishOut, **ERRORS},
             summary="Move a wish on: approve, reject, dispatch, claim, decline, release, start, fulfil, "
                     "confirm, dispute, withdraw")
def act_on_wish(request: HttpRequest, wish_id: int, action: ActionName, payload: ActionIn | None = None):
    params = payload.dict(exclude_none=True) if payload else {}
    wish = transitions.transition(wish_id=wish_id, action=action, actor=request.auth, params=params)
    return wish_detail(request.auth, selectors.wish_access(request.auth, wish.pk))


@router.post("/wishes/{int:wish_id}/photos", response={201: WishOut, **ERRORS}, summary="Add photos")
def add_photos(request: HttpRequest, wish_id: int, kind: Form[str] = "request",
               photos: File[list[UploadedFile]] = None):
    services.wish_photos_add(wish_id=wish_id, actor=request.auth, uploads=photos or [], kind=kind)
    return Status(201, wish_detail(request.auth, selectors.wish_access(request.auth, wish_id)))


@router.post("/wishes/{int:wish_id}/volunteers", response={200: VolunteerOut, **ERRORS},
             summary="Record a volunteer's hours")
def add_volunteer(request: HttpRequest, wish_id: int, payload: VolunteerIn):
    entry = services.volunteer_record(wish_id=wish_id, actor=request.auth, **payload.dict())
    return {"name": entry.volunteer.name, "hours": str(entry.hours)}


@public_router.get("/board", response={200: BoardPage, 400: ErrorOut, 422: ErrorOut}, auth=None,
                   summary="Public board (masked)")
def board(request: HttpRequest, filters: Query[BoardFilter]):
    count, wishes = _page(selectors.public_board(community_id=filters.community), filters)
    return {"count": count, "items": [wish_public(w) for w in wishes]}
