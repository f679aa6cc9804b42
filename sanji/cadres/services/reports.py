"""Sentinel reports up to the home agency and its answers; policy documents down to placed cadres.

A report goes to the agency that released the cadre; every user at its desk is told, and the cadre is told of
the answer. A document is sent to every cadre of the agency placed on the day it is published (each is told), and each
records first that he or she read it, then how it was explained in the community.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from sanji.core import clock
from sanji.core.errors import Forbidden, IllegalTransition, InvalidInput
from sanji.core.inputs import clean_text, parse_count, parse_id
from sanji.notices.services import notices_queue

from ..models import Agency, Bulletin, BulletinReceipt, FieldReport, Placement, ReportKind
from ..rules import desk_agency_ids, is_placed_cadre
from ..selectors.access import placement_access, report_access

MAX_AUDIENCE = 100_000


def _desk_users(agency_id: int):
    return get_user_model().objects.filter(agency_desks__agency_id=agency_id, is_active=True)


def report_file(*, actor, placement_id, kind: str, title: str, body: str) -> FieldReport:
    """File a sentinel report from the cadre's placement to his or her home agency."""
    if kind not in ReportKind.values:
        raise InvalidInput(_("Choose what the report is about."), field="kind")
    title = clean_text(title, field="title", max_length=120, required=True, message=_("Give the report a title."))
    body = clean_text(body, field="body", max_length=10000, required=True, message=_("Write the report."))
    with transaction.atomic():
        placement = placement_access(actor, placement_id)
        if not is_placed_cadre(actor, placement):
            raise Forbidden(_("Only the placed cadre files reports from this placement."))
        if not placement.is_active_on(clock.today()):
            raise IllegalTransition(_("This placement is not running today."))
        report = FieldReport.objects.create(placement=placement, agency_id=placement.cadre.agency_id, kind=kind,
                                            title=title, body=body, filed_at=clock.now())
        notices_queue(recipients=_desk_users(report.agency_id), kind="report_filed", key=f"report-filed-{report.pk}",
                      params={"cadre": placement.cadre.name, "community": placement.community.name, "title": title},
                      url=f"/cadres/reports/{report.pk}/")
        return report


def report_answer(*, actor, report_id, answer: str) -> FieldReport:
    """Answer a report for the home agency; a report is answered once."""
    answer = clean_text(answer, field="answer", max_length=10000, required=True, message=_("Write the answer."))
    with transaction.atomic():
        report = report_access(actor, report_id, lock=True)
        if report.agency_id not in desk_agency_ids(actor):
            raise Forbidden(_("Only the home agency answers this report."))
        if report.answered_at is not None:
            raise IllegalTransition(_("This report has already been answered."))
        report.answer, report.answered_at, report.answered_by = answer, clock.now(), actor
        report.save(update_fields=["answer", "answered_at", "answered_by"])
        cadre = report.placement.cadre
        if cadre.user_id:
            notices_queue(recipients=[cadre.user], kind="report_answered", key=f"report-answered-{report.pk}",
                          params={"agency": report.agency.name, "title": report.title},
                          url=f"/cadres/reports/{report.pk}/")
        return report


def bulletin_publish(*, actor, agency_id, title: str, body: str, number: str = "") -> Bulletin:
    """Publish a policy document to every cadre of the agency placed today."""
    title = clean_text(title, field="title", max_length=120, required=True, message=_("Give the document a title."))
    number = clean_text(number, field="number", max_length=60)
    body = clean_text(body, field="body", max_length=20000, required=True, message=_("Write what the document says."))
    agency_pk = parse_id(agency_id)
    if agency_pk not in desk_agency_ids(actor):
        raise Forbidden(_("You do not act for this agency."))
    with transaction.atomic():
        agency = Agency.objects.get(pk=agency_pk)
        placements = list(Placement.objects.active_on(clock.today()).filter(cadre__agency=agency)
                          .select_related("cadre__user"))
        if not placements:
            raise InvalidInput(_("None of this agency's cadres is placed today; there is nobody to send it to."),
                               field="agency")
        bulletin = Bulletin.objects.create(agency=agency, title=title, number=number, body=body,
                                           published_at=clock.now(), published_by=actor)
        BulletinReceipt.objects.bulk_create(BulletinReceipt(bulletin=bulletin, placement=p) for p in placements)
        for placement in placements:
            if placement.cadre.user_id:
                notices_queue(recipients=[placement.cadre.user], kind="bulletin_sent",
                              key=f"bulletin-{bulletin.pk}-{placement.pk}", url=placement.get_absolute_url(),
                              params={"agency": agency.name, "title": title})
        return bulletin


def _own_receipt(actor, receipt_id) -> BulletinReceipt:
    receipt = (BulletinReceipt.objects.select_for_update(of=("self",))
               .filter(pk=parse_id(receipt_id), placement__cadre__user=actor).select_related("placement").first())
    if receipt is None:
        raise InvalidInput(_("Choose one of the documents sent to you."), field="receipt")
    return receipt


def receipt_acknowledge(*, actor, receipt_id) -> BulletinReceipt:
    """Record that the placed cadre has read the document; reading it twice changes nothing."""
    with transaction.atomic():
        receipt = _own_receipt(actor, receipt_id)
        if receipt.acknowledged_at is None:
            receipt.acknowledged_at = clock.now()
            receipt.save(update_fields=["acknowledged_at"])
        return receipt


def receipt_explain(*, actor, receipt_id, how: str, audience=0) -> BulletinReceipt:
    """Record how the document was explained in the community and to how many residents."""
    how = clean_text(how, field="how", max_length=2000, required=True,
                     message=_("Write how the document was explained, such as at a residents' meeting."))
    count = parse_count(audience, field="audience", maximum=MAX_AUDIENCE, empty=0,
                        message=_("Enter how many residents were reached as a whole number."))
    with transaction.atomic():
        receipt = _own_receipt(actor, receipt_id)
        if receipt.explained_at is not None:
            raise IllegalTransition(_("You have already recorded how this document was explained."))
        now = clock.now()
        receipt.acknowledged_at = receipt.acknowledged_at or now
        receipt.explained_at, receipt.explained_how, receipt.audience = now, how, count
        receipt.save(update_fields=["acknowledged_at", "explained_at", "explained_how", "audience"])
        return receipt
