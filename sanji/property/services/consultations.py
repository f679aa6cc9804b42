"""Door-to-door consultation: open one on a compound, record each visit, close it.

``consultation_close`` is the one writer of ``Consultation.state`` (open -> closed). Visits are only added, never
changed: a second visit to a household is a new row, and the latest one that reached someone is its opinion.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sanji.core import clock
from sanji.core.errors import Conflict, IllegalTransition, InvalidInput
from sanji.core.inputs import clean_text, parse_id

from ..models import Consultation, ConsultationState, Opinion, Unit, Visit
from ..selectors import compound_access, consultation_access

MAX_CLIENT_KEY = 64


def consultation_open(*, actor, compound_id, question: str, details: str = "") -> Consultation:
    """Open a consultation of every household of the compound on ``question``."""
    question = clean_text(question, field="question", max_length=200, required=True,
                          message=_("Write the question to put to each household."))
    details = clean_text(details, field="details", max_length=4000)
    with transaction.atomic():
        compound = compound_access(actor, compound_id)
        if not Unit.objects.filter(building__compound=compound).exists():
            raise InvalidInput(_("Register the compound's units first: a consultation visits each household."),
                               field="question")
        return Consultation.objects.create(
            compound=compound, question=question, details=details, opened_by=actor, opened_at=clock.now()
        )


def visit_record(*, actor, consultation_id, unit_id, opinion: str, remarks: str = "", client_key: str = "") -> Visit:
    """Record one visit to a household: its opinion, or that nobody was home.

    The same ``client_key`` sent twice (a retry from a phone on a weak signal) returns the visit already recorded;
    a different visit under a used key is refused. Takes the consultation's row lock, as closing does.
    """
    if opinion not in Opinion.values:
        raise InvalidInput(_("Choose the household's opinion, or that nobody was home."), field="opinion")
    remarks = clean_text(remarks, field="remarks", max_length=500)
    client_key = clean_text(client_key, field="client_key", max_length=MAX_CLIENT_KEY)
    with transaction.atomic():
        consultation = consultation_access(actor, consultation_id, lock=True)
        if client_key:
            earlier = Visit.objects.filter(consultation=consultation, client_key=client_key).first()
            if earlier is not None:
                return _same_visit(earlier, unit_id, opinion, remarks)
        if consultation.state != ConsultationState.OPEN:
            raise IllegalTransition(_("This consultation is closed; no more visits can be recorded."))
        unit = Unit.objects.filter(pk=parse_id(unit_id), building__compound=consultation.compound_id).first()
        if unit is None:
            raise InvalidInput(_("Choose a household of this compound."), field="unit")
        try:
            with transaction.atomic():
                return Visit.objects.create(
                    consultation=consultation, unit=unit, opinion=opinion, remarks=remarks, visited_by=actor,
                    visited_at=clock.now(), client_key=client_key,
                )
        except IntegrityError:  # the same key, sent twice at once: the other request recorded it
            earlier = Visit.objects.get(consultation=consultation, client_key=client_key)
            return _same_visit(earlier, unit_id, opinion, remarks)


def _same_visit(earlier: Visit, unit_id, opinion: str, remarks: str) -> Visit:
    """Return the visit already recorded under a key; refuse a different visit sent under the same key (a form
    sent again from the phone's history after it was changed), so it is not silently dropped."""
    if (earlier.unit_id, earlier.opinion, earlier.remarks) != (parse_id(unit_id), opinion, remarks):
        raise Conflict(_("This form was already used to record a visit. Open the page again to record another."))
    return earlier


def consultation_close(*, actor, consultation_id, note: str = "") -> Consultation:
    """Close the consultation with a note on what was concluded; its figures stay as they were."""
    note = clean_text(note, field="note", max_length=2000)
    with transaction.atomic():
        consultation = consultation_access(actor, consultation_id, lock=True)
        if consultation.state != ConsultationState.OPEN:
            raise IllegalTransition(_("This consultation is already closed."))
        consultation.state = ConsultationState.CLOSED
        consultation.closed_at = clock.now()
        consultation.closing_note = note
        consultation.save(update_fields=["state", "closed_at", "closing_note"])
    return consultation
