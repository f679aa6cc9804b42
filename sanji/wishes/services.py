"""Writes to wishes other than state changes (those are in ``transitions``)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sanji.core import clock, scope
from sanji.core.errors import Forbidden, InvalidInput, NotFound
from sanji.core.models import Resident, Volunteer

from .models import Channel, DutyType, PhotoKind, Wish, WishState, WishVolunteer
from .photos import photos_add
from .policy import days_after, policy_for
from .transitions import record_event


def _resident_for(actor, resident_id) -> Resident:
    """Return the beneficiary: the actor's own resident record, or one in a staff actor's scope."""
    if resident_id in (None, ""):
        resident = Resident.objects.select_related("community").filter(user=actor).first()
        if resident is None:
            raise InvalidInput(_("Choose the resident the wish is for."), field="resident")
        return resident
    try:
        resident = Resident.objects.select_related("community").get(pk=int(resident_id))
    except (TypeError, ValueError, Resident.DoesNotExist):
        raise InvalidInput(_("There is no such resident in your area."), field="resident") from None
    if resident.user_id == actor.pk:
        return resident
    if not scope.is_staff_for(actor, resident.community):
        raise InvalidInput(_("There is no such resident in your area."), field="resident")
    return resident


def _value(raw) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise InvalidInput(_("Enter the value in yuan, e.g. 120 or 99.50."), field="promised_value") from None
    if value < 0 or not value.is_finite():
        raise InvalidInput(_("The value cannot be negative."), field="promised_value")
    return value


def _duty_type(raw) -> DutyType | None:
    if raw in (None, ""):
        return None
    found = DutyType.objects.filter(code=str(raw)).first()
    if found is None and str(raw).isdigit():
        found = DutyType.objects.filter(pk=int(raw)).first()
    if found is None:
        raise InvalidInput(_("There is no such category."), field="category")
    return found


@transaction.atomic
def wish_submit(*, actor, text: str, resident=None, category=None, promised_value=None,
                needs_policy: bool = False, channel: str | None = None, external_ref: str | None = None,
                photos=()) -> Wish:
    """Record a new wish for the actor (a resident) or for a resident in a staff actor's scope.

    A repeated ``external_ref`` (a client's own id for an entry made offline or imported) returns the
    wish already recorded instead of a second one.
    """
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("Write down the wish."), field="text")
    if len(text) > 1000:
        raise InvalidInput(_("Please keep the wish under 1000 characters."), field="text")
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
        beneficiary=beneficiary, community=beneficiary.community, text=text, duty_type=_duty_type(category),
        channel=channel, promised_value=value, needs_policy=bool(needs_policy), external_ref=external_ref or None,
        state=WishState.SUBMITTED, state_changed_at=now, created_at=now, submitted_by=actor,
        review_due=days_after(now, policy.review_days),
    )
    try:
        wish.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise InvalidInput(messages[0], field=field) from None
    wish.save()
    record_event(wish=wish, actor=actor, action="submit", from_state="", note="")
    if photos:
        photos_add(wish=wish, actor=actor, uploads=photos, kind=PhotoKind.REQUEST)
    return wish


@transaction.atomic
def volunteer_record(*, wish_id: int, actor, name: str, hours, phone: str = "") -> WishVolunteer:
    """Record a volunteer who helps the holder of a wish, with the hours given (updated if recorded)."""
    wish = Wish.objects.select_for_update(of=("self",)).select_related("community", "beneficiary").filter(
        pk=wish_id).first()
    if wish is None or not actor.has_perm("wishes.view_wish", wish):
        raise NotFound()
    if not actor.has_perm("wishes.work_wish", wish):
        raise Forbidden()
    if wish.state not in (WishState.CLAIMED, WishState.IN_PROGRESS, WishState.FULFILLED):
        raise InvalidInput(_("Volunteers are recorded while the wish is being fulfilled."), field="state")
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("Enter the volunteer's name."), field="name")
    try:
        hours = Decimal(str(hours)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise InvalidInput(_("Enter the hours as a number, e.g. 2 or 1.5."), field="hours") from None
    if not hours.is_finite() or hours < 0 or hours > 1000:
        raise InvalidInput(_("Hours must be between 0 and 1000."), field="hours")
    unit = wish.holder.partner_unit if wish.holder else None
    volunteer, _created = Volunteer.objects.get_or_create(
        name=name, partner_unit=unit, community=wish.community, defaults={"phone": phone}
    )
    entry, _created = WishVolunteer.objects.update_or_create(
        wish=wish, volunteer=volunteer, defaults={"hours": hours, "recorded_by": actor}
    )
    return entry
