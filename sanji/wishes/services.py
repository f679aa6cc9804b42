"""Writes to wishes other than state changes (those are in ``transitions``)."""

from decimal import Decimal, InvalidOperation

import rules
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from sanji.core import clock, crypto, scope
from sanji.core.errors import Forbidden, InvalidInput
from sanji.core.inputs import clean_text, full_clean_or_refuse, parse_id
from sanji.core.models import Resident, Volunteer
from sanji.moderation.services import screening_record, text_screen

from .deadlines import next_escalation
from .models import Channel, DutyType, PhotoKind, Wish, WishState, WishVolunteer
from .photos import photos_add
from .policy import days_after, policy_for
from .transitions import lock_visible, record_event

#: The name under which wishes' texts are screened (``sanji.moderation.models.Screening.source``).
WISH_SOURCE = "wish"


def _resident_for(actor, resident_id) -> Resident:
    """Return the beneficiary: the actor's own resident record, or one in a staff actor's scope."""
    if resident_id in (None, ""):
        resident = Resident.objects.select_related("community").filter(user=actor).first()
        if resident is None:
            raise InvalidInput(_("Choose the resident the wish is for."), field="resident")
        return resident
    resident = Resident.objects.select_related("community", "grid").filter(pk=parse_id(resident_id)).first()
    if resident is None:
        raise InvalidInput(_("There is no such resident in your area."), field="resident")
    if resident.user_id == actor.pk:
        return resident
    if not scope.is_staff_for(actor, resident.community, resident.grid):
        raise InvalidInput(_("There is no such resident in your area."), field="resident")
    return resident


def _value(raw) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite() or value >= Decimal("1e9"):
        raise InvalidInput(_("Enter the value in yuan, e.g. 120 or 99.50."), field="promised_value")
    if value < 0:
        raise InvalidInput(_("The value cannot be negative."), field="promised_value")
    return value.quantize(Decimal("0.01"))


def _groups_of(resident: Resident) -> str:
    """Return the resident's priority groups as the wish keeps them (",disabled,elderly,", or "")."""
    codes = sorted(resident.priority_groups.values_list("code", flat=True))
    return f",{','.join(codes)}," if codes else ""


def _duty_type(raw) -> DutyType | None:
    if raw in (None, ""):
        return None
    found = DutyType.objects.filter(code=str(raw)).first()
    if found is None and parse_id(raw):
        found = DutyType.objects.filter(pk=parse_id(raw)).first()
    if found is None:
        raise InvalidInput(_("There is no such category."), field="category")
    return found


def wish_submit(*, actor, text: str, resident=None, category=None, promised_value=None,
                needs_policy: bool = False, channel: str | None = None, external_ref: str | None = None,
                photos=()) -> Wish:
    """Record a new wish for the actor (a resident) or for a resident in a staff actor's scope.

    The text goes to the public board once published, so the moderator reads it first: spam is refused with
    ``Blocked`` (and kept in the moderation record), a doubtful text is recorded as held for the reviewer.
    A repeated ``external_ref`` (a client's own id for an entry made offline or imported) returns the
    wish already recorded instead of a second one.
    """
    text = clean_text(text, field="text", max_length=1000, required=True, message=_("Write down the wish."))
    verdict = text_screen(actor=actor, text=text, source=WISH_SOURCE)
    return _wish_record(actor=actor, text=text, verdict=verdict, resident=resident, category=category,
                        promised_value=promised_value, needs_policy=needs_policy, channel=channel,
                        external_ref=external_ref, photos=photos)


@transaction.atomic
def _wish_record(*, actor, text: str, verdict, resident, category, promised_value, needs_policy, channel,
                 external_ref, photos) -> Wish:
    external_ref = clean_text(external_ref, field="external_ref", max_length=64) or None
    if external_ref:
        existing = Wish.objects.filter(external_ref=external_ref).first()
        if existing is not None:
            if existing.submitted_by_id != actor.pk:
                raise InvalidInput(_("This reference is already used."), field="external_ref")
            return existing
    beneficiary = _resident_for(actor, resident)
    on_behalf = beneficiary.user_id != actor.pk
    if channel is None:
        channel = Channel.VISIT if on_behalf else Channel.WEB
    if channel not in Channel.values:
        raise InvalidInput(_("Unknown channel."), field="channel")
    value = _value(promised_value)
    policy = policy_for(beneficiary.community)
    if value is not None and value > policy.value_cap and not needs_policy:
        raise InvalidInput(
            _("A micro-wish is worth at most %(cap)s yuan. The community can take up a bigger need as a policy "
              "matter; please talk to your community staff.")
            % {"cap": policy.value_cap},
            field="promised_value",
        )
    now = clock.now()
    wish = Wish(
        beneficiary=beneficiary, community=beneficiary.community, grid=beneficiary.grid, text=text,
        duty_type=_duty_type(category), beneficiary_groups=_groups_of(beneficiary),
        channel=channel, promised_value=value, needs_policy=bool(needs_policy), external_ref=external_ref or None,
        state=WishState.SUBMITTED, state_changed_at=now, created_at=now, submitted_by=actor,
        review_due=days_after(now, policy.review_days),
    )
    wish.escalate_at = next_escalation(wish, policy.escalation_days)
    full_clean_or_refuse(wish)
    try:
        with transaction.atomic():
            wish.save()
    except IntegrityError:
        # The same external_ref arrived twice at once: the other request recorded it.
        existing = Wish.objects.filter(external_ref=external_ref).first() if external_ref else None
        if existing is None or existing.submitted_by_id != actor.pk:
            raise InvalidInput(_("This reference is already used."), field="external_ref") from None
        return existing
    record_event(wish=wish, actor=actor, action="submit", from_state="", note="")
    screening_record(actor=actor, text=text, source=WISH_SOURCE, verdict=verdict, subject_id=wish.pk,
                     community=wish.community)
    if photos:
        photos_add(wish=wish, actor=actor, uploads=photos, kind=PhotoKind.REQUEST)
    return wish


@transaction.atomic
def wish_photos_add(*, wish_id: int, actor, uploads, kind: str):
    """Attach photos to a wish outside a transition, and record the change as an event."""
    wish = lock_visible(wish_id, actor)
    photos = photos_add(wish=wish, actor=actor, uploads=uploads, kind=kind)
    record_event(wish=wish, actor=actor, action="add_photos", from_state=wish.state, at=clock.now(),
                 note=str(len(photos)))
    return photos


@transaction.atomic
def volunteer_record(*, wish_id: int, actor, name: str, hours, phone: str = "") -> WishVolunteer:
    """Record a volunteer who helps the holder of a wish, with the hours given (updated if recorded)."""
    wish = lock_visible(wish_id, actor)
    if not rules.has_perm("wishes.work_wish", actor, wish):
        raise Forbidden()
    if wish.state not in (WishState.CLAIMED, WishState.IN_PROGRESS, WishState.FULFILLED):
        raise InvalidInput(_("Volunteers are recorded while the wish is being fulfilled."), field="state")
    name = clean_text(name, field="name", max_length=50, required=True, message=_("Enter the volunteer's name."))
    phone = clean_text(phone, field="phone", max_length=20)
    hours = _hours(hours)
    unit = wish.holder.partner_unit if wish.holder else None
    # Helpers of one unit in one community are told apart by name (and phone, when given).
    known = Volunteer.objects.filter(name=name, partner_unit=unit, community=wish.community)
    if phone:
        known = known.filter(phone_hash__in=crypto.lookup_hashes("phone", phone))
    volunteer = known.order_by("pk").first()
    if volunteer is None:
        volunteer = Volunteer.objects.create(name=name, phone=phone, partner_unit=unit, community=wish.community)
    entry, _created = WishVolunteer.objects.update_or_create(
        wish=wish, volunteer=volunteer, defaults={"hours": hours, "recorded_by": actor}
    )
    record_event(wish=wish, actor=actor, action="record_volunteer", from_state=wish.state, at=clock.now(),
                 note=f"{name} · {hours}")
    return entry


def _hours(raw) -> Decimal:
    try:
        hours = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        hours = None
    if hours is None or not hours.is_finite():
        raise InvalidInput(_("Enter the hours as a number, e.g. 2 or 1.5."), field="hours")
    if hours < 0 or hours > 1000:
        raise InvalidInput(_("Hours must be between 0 and 1000."), field="hours")
    return hours.quantize(Decimal("0.1"))
