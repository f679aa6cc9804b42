"""The wish endpoints of the JSON API. Each parses, fetches with access check, calls one service."""

from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from . import selectors, services, transitions
from .photos import photos_add
from .presenters import wish_detail, wish_public
from .schemas import (
    ActionIn,
    ActionName,
    BoardPage,
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

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
MAX_PAGE = 200


class PageQuery(Schema):
    limit: int = 50
    offset: int = 0


class WishFilter(PageQuery):
    state: str | None = None
    area: int | None = None


def _page(qs, page: PageQuery):
    limit = max(1, min(page.limit, MAX_PAGE))
    offset = max(0, page.offset)
    return qs.count(), list(qs[offset:offset + limit])


@router.post("/wishes", response={201: WishOut, **ERRORS}, summary="Make a wish")
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


@router.get("/wishes/{int:wish_id}/events", response={200: list[EventOut], **ERRORS}, summary="A wish's history")
def wish_events(request: HttpRequest, wish_id: int):
    wish = selectors.wish_access(request.auth, wish_id)
    return [
        {"id": e.pk, "actor": str(e.actor) if e.actor else None, "time": e.at, "action": e.action,
         "from_state": e.from_state or None, "to_state": e.to_state, "note": e.note}
        for e in selectors.wish_events(wish)
    ]


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
    wish = selectors.wish_access(request.auth, wish_id)
    photos_add(wish=wish, actor=request.auth, uploads=photos or [], kind=kind)
    return Status(201, wish_detail(request.auth, selectors.wish_access(request.auth, wish.pk)))


@router.post("/wishes/{int:wish_id}/volunteers", response={200: VolunteerOut, **ERRORS},
             summary="Record a volunteer's hours")
def add_volunteer(request: HttpRequest, wish_id: int, payload: VolunteerIn):
    entry = services.volunteer_record(wish_id=wish_id, actor=request.auth, **payload.dict())
    return {"name": entry.volunteer.name, "hours": str(entry.hours)}


@public_router.get("/board", response=BoardPage, auth=None, summary="Public board (masked)")
def board(request: HttpRequest, filters: Query[PageQuery], community: int | None = None):
    count, wishes = _page(selectors.public_board(community_id=community), filters)
    return {"count": count, "items": [wish_public(w) for w in wishes]}
