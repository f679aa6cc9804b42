"""Shapes of the wish API's input and output."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from sanji.core.inputs import MAX_ID

ActionName = Literal[
    "approve", "reject", "dispatch", "recall", "claim", "decline", "release", "start", "fulfil", "confirm",
    "dispute", "withdraw", "merge",
]


class WishIn(Schema):
    text: str = Field(..., description="What the resident wishes for.")
    resident: int | None = Field(None, ge=1, le=MAX_ID, description="Staff only: the resident the wish is for.")
    category: str | None = Field(None, max_length=32, description="Duty type code, e.g. tutoring.")
    promised_value: str | float | None = Field(None, description="Estimated value in yuan.")
    needs_policy: bool = False
    channel: Literal["web", "visit", "hotline", "import"] | None = None
    external_ref: str | None = Field(None, max_length=64, description="Client's own id; a retry returns the same wish.")


class ActionIn(Schema):
    reason: str | None = None
    note: str | None = None
    assignee: int | None = Field(None, ge=1, le=MAX_ID, description="dispatch: the claimer's id")
    satisfaction: str | None = Field(None, description="confirm: satisfied | basically_satisfied | unsatisfied")
    promised_date: dt.date | None = Field(None, description="claim/start: the date the claimer promises")
    as_claimer: int | None = Field(None, ge=1, le=MAX_ID, description="claim: which of the caller's claimers takes it")
    into: int | None = Field(None, ge=1, le=MAX_ID, description="merge: the original wish this one duplicates")


class VolunteerIn(Schema):
    name: str = Field(..., max_length=50)
    hours: str | float
    phone: str = Field("", max_length=20)


class TokenIn(Schema):
    username: str = Field(..., max_length=150)
    password: str = Field(..., max_length=1000)


class TokenOut(Schema):
    token: str


class Ref(Schema):
    id: int
    name: str


class ClaimerOut(Schema):
    id: int
    kind: str
    name: str


class PersonOut(Schema):
    id: int | None
    name: str
    phone: str
    address: str
    masked: bool = Field(description="phone and address are masked")
    can_reveal: bool = Field(description="the caller may ask for them in full: GET /wishes/{id}/contact (logged)")


class ContactOut(Schema):
    id: int
    name: str
    phone: str
    address: str
    care_note: str


class PhotoOut(Schema):
    id: int
    kind: str
    url: str


class VolunteerOut(Schema):
    name: str
    hours: str


class BoardWishOut(Schema):
    id: int
    state: str
    state_label: str
    text: str
    community: Ref
    category: str | None
    category_label: str | None
    beneficiary: str
    holder: ClaimerOut | None
    published_at: dt.datetime | None
    fulfilled_at: dt.datetime | None


class WishOut(BoardWishOut):
    beneficiary: PersonOut
    channel: str
    promised_value: str | None
    needs_policy: bool
    dispatched_to: ClaimerOut | None
    created_at: dt.datetime
    state_changed_at: dt.datetime
    review_due: dt.datetime | None
    claim_due: dt.datetime | None
    fulfil_due: dt.datetime | None
    followup_due: dt.datetime | None
    closed_at: dt.datetime | None
    reject_reason: str
    fulfilment_note: str
    satisfaction: str | None
    rating_note: str
    external_ref: str | None
    photos: list[PhotoOut]
    volunteers: list[VolunteerOut]


class WishPage(Schema):
    count: int
    items: list[WishOut]


class BoardPage(Schema):
    count: int
    items: list[BoardWishOut]


class EventOut(Schema):
    id: int
    actor: str | None
    time: dt.datetime
    action: str
    action_label: str
    from_state: str | None
    to_state: str
    note: str


class ErrorOut(Schema):
    code: str
    message: str
    extra: dict


#: The error answers an operation of the API declares: a body that cannot be read (400), no valid token (401), not
#: allowed (403), missing or out of scope (404), not possible in the current state (409), input not valid (422).
ERRORS = {status: ErrorOut for status in (400, 401, 403, 404, 409, 422)}
