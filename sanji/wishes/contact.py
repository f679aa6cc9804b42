"""The beneficiary's contact details: shown in full only when the task needs them, and every showing logged.

Pages and API answers show a wish's beneficiary masked (138****5678, 仰口路……). Staff of the wish's area and the
claimer holding it while the work is open (claimed, in progress, fulfilled awaiting confirmation) may ask for the
phone, the address and the care note; asking is one deliberate step (a button, ``GET .../contact``), and each
answer writes a ``Disclosure`` row: who, which fields, when, why. Once the wish closes, or the claimer releases it,
the claimer's way in is gone. The beneficiaries themselves see their own data without a log entry. ID-card numbers
are never shown on wish pages.
"""

import rules

from sanji.audit.services import disclosure_record
from sanji.core.errors import NotFound

from .models import Wish
from .rules import is_holder

#: What a helper needs to reach and serve the person; the ID-card number is not among them.
CONTACT_FIELDS = ("phone", "address", "care_note")


def contact_purpose(user, wish: Wish) -> str:
    """Return why ``user`` may see the contact details of ``wish``'s beneficiary (a code for the log)."""
    return "wish_holder_contact" if is_holder(user, wish) else "wish_staff_in_scope"


def is_own(user, wish: Wish) -> bool:
    return wish.beneficiary.user_id is not None and wish.beneficiary.user_id == user.pk


def may_reveal(user, wish: Wish) -> bool:
    return not is_own(user, wish) and rules.has_perm("wishes.see_personal_data", user, wish)


def beneficiary_contact(*, actor, wish: Wish) -> dict:
    """Return the beneficiary's contact details in full and log the showing; ``NotFound`` if ``actor`` may not.

    ``wish`` comes from ``selectors.wish_access(actor, ...)``: seeing the wish is checked there, seeing its
    beneficiary's data here.
    """
    person = wish.beneficiary
    own = is_own(actor, wish)
    if not own and not rules.has_perm("wishes.see_personal_data", actor, wish):
        raise NotFound()
    shown = [field for field in CONTACT_FIELDS if getattr(person, field)]
    if shown and not own:
        disclosure_record(actor=actor, subject=person, fields=shown, purpose=contact_purpose(actor, wish),
                          purpose_ref=f"wish:{wish.pk}")
    return {"id": person.pk, "name": person.name, "phone": person.phone, "address": person.address,
            "care_note": person.care_note}
