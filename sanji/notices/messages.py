"""What each kind of notice says. Text is rendered when shown: in the inbox, in the reader's language; by email
and SMS, in the site's language (``LANGUAGE_CODE``), as a person's language is not stored."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    #: The body's lines that point at a wish, as (text, path), for the inbox to show as links.
    links: tuple = ()
    #: A sentence shown above the links in the inbox, and one below them.
    note: str = ""
    more: str = ""


def _escalated(params: dict) -> Rendered:
    count = len(params.get("wishes", []))
    subject = ngettext(
        "%(count)d wish escalated to %(area)s: a deadline was missed",
        "%(count)d wishes escalated to %(area)s: deadlines were missed",
        count,
    ) % {"count": count, "area": params.get("area", "")}
    links = tuple(
        (str(_("#%(id)s %(community)s: %(step)s was due %(due)s")) % {
            "id": w["id"], "community": w.get("community", ""), "step": _step(w.get("step")), "due": w.get("due", ""),
        }, f"/wishes/{w['id']}/")
        for w in params.get("wishes", [])[:20]
    )
    lines = [text for text, _path in links]
    more = str(_("… and %(n)d more.")) % {"n": count - 20} if count > 20 else ""
    if more:
        lines.append(more)
    note = ""
    if params.get("instead_of_street"):
        note = str(_("%(area)s has no street officer in Sanji, so the district is told instead.")) % {
            "area": params.get("area", "")}
        lines.insert(0, note)
    return Rendered(subject, "\n".join(lines), links, note, more)


def _dispatched(params: dict) -> Rendered:
    return Rendered(
        str(_("A wish was dispatched to %(claimer)s")) % {"claimer": params.get("claimer", "")},
        str(_("Wish #%(id)s in %(community)s: please accept or decline it by %(due)s."))
        % {"id": params.get("id"), "community": params.get("community", ""), "due": params.get("due", "")},
    )


def _fulfilled(params: dict) -> Rendered:
    return Rendered(
        str(_("Your wish #%(id)s is reported fulfilled")) % {"id": params.get("id")},
        str(_("Please confirm it was done and say how satisfied you are.")),
    )


STEP_NAMES = {
    "review": _("review"),
    "claim": _("claiming"),
    "fulfil": _("fulfilment"),
    "followup": _("follow-up visit"),
}


def _step(code) -> str:
    return str(STEP_NAMES.get(code, code or ""))


DEADLINE_NAMES = {
    "start": _("starting the re-election"),
    "objections": _("answering the objections"),
    "officers": _("choosing the chair and vice-chair"),
    "handover": _("handing over files and seals"),
    "filing": _("filing with the street"),
}


def _reelection_not_started(params: dict) -> Rendered:
    return Rendered(
        str(_("%(compound)s: the owners' committee has not started its re-election")) % params,
        str(_("Its term ends on %(ends)s and it had to start by %(due)s. Please form a re-election group.")) % params,
    )


def _reelection_deadline_missed(params: dict) -> Rendered:
    values = {**params, "step": str(DEADLINE_NAMES.get(params.get("deadline"), params.get("deadline", "")))}
    return Rendered(
        str(_("%(compound)s re-election: a deadline was missed")) % values,
        str(_("The deadline for %(step)s was %(due)s.")) % values,
    )


def _whistle_blown(params: dict) -> Rendered:
    return Rendered(
        str(_("%(community)s blew a whistle: %(problem)s")) % {
            "community": params.get("community", ""), "problem": params.get("problem", "")},
        str(_("Your agency is named. Report to the community by %(due)s and record who came and what was done."))
        % {"due": params.get("due", "")},
    )


def _report_filed(params: dict) -> Rendered:
    return Rendered(
        str(_("A sentinel report from %(cadre)s in %(community)s")) % {
            "cadre": params.get("cadre", ""), "community": params.get("community", "")},
        str(_("%(title)s. Please read it and answer.")) % {"title": params.get("title", "")},
    )


def _report_answered(params: dict) -> Rendered:
    return Rendered(
        str(_("Your report was answered by %(agency)s")) % {"agency": params.get("agency", "")},
        str(_("%(title)s: the answer is on the report's page.")) % {"title": params.get("title", "")},
    )


def _bulletin_sent(params: dict) -> Rendered:
    return Rendered(
        str(_("A policy document from %(agency)s")) % {"agency": params.get("agency", "")},
        str(_("%(title)s. Read it, then record how you explained it in the community.")) % {
            "title": params.get("title", "")},
    )


RENDERERS = {
    "reelection_not_started": _reelection_not_started,
    "reelection_deadline_missed": _reelection_deadline_missed,
    "wish_escalated": _escalated,
    "wish_dispatched": _dispatched,
    "wish_fulfilled": _fulfilled,
    "whistle_blown": _whistle_blown,
    "report_filed": _report_filed,
    "report_answered": _report_answered,
    "bulletin_sent": _bulletin_sent,
}


def render(kind: str, params: dict) -> Rendered:
    """Return the subject and body of a notice of ``kind`` in the active language."""
    renderer = RENDERERS.get(kind)
    if renderer is None:
        return Rendered(kind, "")
    return renderer(params)
