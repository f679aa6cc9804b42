import math

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sanji.core import clock
from sanji.core.masking import mask_address, mask_name, mask_numbers_in_text

register = template.Library()


@register.filter
def masked_beneficiary(wish) -> str:
    return mask_name(wish.beneficiary.name, wish.beneficiary.gender)


@register.filter
def masked_address(address: str) -> str:
    return mask_address(address)


@register.filter
def public_text(text: str) -> str:
    """Return a wish's text with the phone and ID-card numbers written into it masked."""
    return mask_numbers_in_text(text)


@register.filter
def time_left(deadline) -> str:
    """Return "2 days left", "due today" or "3 days overdue" for a deadline."""
    if not deadline:
        return ""
    days = (deadline - clock.now()).total_seconds() / 86400
    if days < 0:
        overdue = max(1, int(-days))
        return ngettext("%(n)s day overdue", "%(n)s days overdue", overdue) % {"n": overdue}
    if days < 1:
        return _("due today")
    left = math.ceil(days)  # 6.9 days is "7 days left": a fresh 7-day deadline reads as 7
    return ngettext("%(n)s day left", "%(n)s days left", left) % {"n": left}


@register.filter
def is_overdue(deadline) -> bool:
    return bool(deadline) and deadline < clock.now()


@register.filter
def attr_due(wish, field: str):
    """Return the deadline named ``field`` (review_due, claim_due, ...) of a wish; "current": the deadline
    of the step the wish is in."""
    if field == "current":
        from sanji.wishes.deadlines import current_deadline

        return current_deadline(wish)
    if field not in ("review_due", "claim_due", "fulfil_due", "followup_due"):
        return None
    return getattr(wish, field)


@register.filter
def public_holder(wish) -> str:
    from sanji.wishes.presenters import public_claimer_name

    return public_claimer_name(wish.holder) if wish.holder_id else ""
