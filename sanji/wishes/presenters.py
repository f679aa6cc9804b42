"""How a wish is shown: one dictionary for the API and the pages, masked unless the viewer may see more."""

from django.utils.translation import gettext_lazy as _

from sanji.core.masking import mask_address, mask_name, mask_numbers_in_text, mask_phone
from sanji.core.models import ClaimerKind

from .contact import is_own
from .deadlines import MISSED_STEP_LABELS
from .models import Wish, WishState
from .selectors import can_see_personal_data, wish_events
from .transitions import ACTIONS


def _claimer(claimer):
    if claimer is None:
        return None
    return {"id": claimer.pk, "kind": claimer.kind, "name": claimer.name}


def public_claimer_name(claimer) -> str:
    """Return how the public board names a claimer: units and levels in full, a party member masked."""
    if claimer.kind == ClaimerKind.MEMBER:
        return mask_name(claimer.name)
    return claimer.name


def _public_claimer(claimer):
    if claimer is None:
        return None
    return {"id": claimer.pk, "kind": claimer.kind, "name": public_claimer_name(claimer)}


def beneficiary_view(user, wish: Wish) -> dict:
    """Return the beneficiary as ``user`` may see it without asking: the name in full for those who may see
    personal data, phone and address always masked (``contact.beneficiary_contact`` shows them, logged), except
    to the beneficiaries themselves."""
    person = wish.beneficiary
    if user is not None and is_own(user, wish):
        return {"id": person.pk, "name": person.name, "phone": person.phone, "address": person.address,
                "masked": False, "can_reveal": False}
    full = user is not None and can_see_personal_data(user, wish)
    return {"id": person.pk if full else None, "name": person.name if full else mask_name(person.name, person.gender),
            "phone": mask_phone(person.phone), "address": mask_address(person.address), "masked": True,
            "can_reveal": full}


def wish_public(wish: Wish) -> dict:
    """Return what the public board shows: no personal data beyond the masked name."""
    return {
        "id": wish.pk,
        "state": wish.state,
        "state_label": str(wish.get_state_display()),
        "text": mask_numbers_in_text(wish.text),
        "community": {"id": wish.community_id, "name": wish.community.name},
        "category": wish.duty_type.code if wish.duty_type else None,
        "category_label": wish.duty_type.name if wish.duty_type else None,
        "beneficiary": mask_name(wish.beneficiary.name, wish.beneficiary.gender),
        "holder": _public_claimer(wish.holder),
        "published_at": wish.published_at,
        "fulfilled_at": wish.fulfilled_at,
    }


def wish_detail(user, wish: Wish) -> dict:
    """Return a wish as ``user`` may see it."""
    data = wish_public(wish)
    person = beneficiary_view(user, wish)
    data.update({
        "text": wish.text if person["id"] is not None else data["text"],
        "beneficiary": person,
        "holder": _claimer(wish.holder),
        "channel": wish.channel,
        "promised_value": str(wish.promised_value) if wish.promised_value is not None else None,
        "needs_policy": wish.needs_policy,
        "dispatched_to": _claimer(wish.dispatched_to),
        "created_at": wish.created_at,
        "state_changed_at": wish.state_changed_at,
        "review_due": wish.review_due,
        "claim_due": wish.claim_due,
        "fulfil_due": wish.fulfil_due,
        "followup_due": wish.followup_due,
        "closed_at": wish.closed_at,
        "reject_reason": wish.reject_reason,
        "fulfilment_note": wish.fulfilment_note,
        "satisfaction": wish.satisfaction or None,
        "rating_note": wish.rating_note,
        "external_ref": wish.external_ref,
        "photos": [
            {"id": p.pk, "kind": p.kind, "url": f"/wishes/{wish.pk}/photos/{p.pk}/"} for p in wish.photos.all()
        ],
        "volunteers": [
            {"name": v.volunteer.name, "hours": str(v.hours)}
            for v in wish.volunteers.select_related("volunteer").all()
        ],
    })
    return data


#: Labels of the events that are not transitions.
EVENT_LABELS = {
    "submit": _("Wish made"),
    "add_photos": _("Photos added"),
    "record_volunteer": _("Volunteer hours recorded"),
    "escalate_street": _("Escalated to the street"),
    "escalate_district": _("Escalated to the district"),
    "merged_in": _("A repeat of this wish was merged in"),
    "project": _("Taken up by a class project"),
    "project_result": _("Result of a class project"),
}


def event_rows(user, wish: Wish) -> list[dict]:
    """Return the wish's history as ``user`` may see it: the beneficiary acting is named masked unless
    ``user`` may see personal data."""
    see_all = can_see_personal_data(user, wish)
    beneficiary = wish.beneficiary
    masked = mask_name(beneficiary.name, beneficiary.gender)
    labels = dict(WishState.choices)
    rows = []
    for event in wish_events(wish):
        if event.actor_id is None:
            actor = None
        elif event.actor_id == beneficiary.user_id and not see_all:
            actor = masked
        else:
            actor = str(event.actor)
        action = ACTIONS.get(event.action)
        rows.append({
            "id": event.pk, "actor": actor, "time": event.at, "action": event.action,
            "action_label": str(action.label if action else EVENT_LABELS.get(event.action, event.action)),
            "from_state": event.from_state or None, "to_state": event.to_state,
            "from_label": str(labels.get(event.from_state, "")), "to_label": str(labels[event.to_state]),
            "changes_state": event.from_state != event.to_state,
            "note": str(MISSED_STEP_LABELS.get(event.note, event.note)) if event.action.startswith("escalate")
            else event.note,
        })
    return rows
