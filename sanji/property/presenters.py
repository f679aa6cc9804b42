"""How a published count reads: each check of art. 278 as the exact cross-multiplication that decides it."""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

CHECK_NAMES = {
    "quorum_area": _("Area of the owners taking part, out of the total area"),
    "quorum_owners": _("Owners taking part, out of all owners"),
    "approval_area": _("Area of the owners voting yes, out of the area taking part"),
    "approval_owners": _("Owners voting yes, out of the owners taking part"),
}


@dataclass(frozen=True)
class CheckLine:
    name: str
    numerator: str
    denominator: str
    threshold: str
    relation: str  # "≥" (at least, 以上) or ">" (more than, 过半数)
    left: str  # numerator × threshold's denominator
    right: str  # denominator × threshold's numerator
    met: bool
    percent: str  # for reading only; the decision is the exact comparison
    top: int
    bottom: int

    @property
    def label(self) -> str:
        return str(CHECK_NAMES.get(self.name, self.name))


def arithmetic(result: dict) -> list[CheckLine]:
    """Return the checks of a published result, each with the exact products it compares."""
    lines = []
    for check in result.get("checks", []):
        numerator, denominator = Decimal(str(check["numerator"])), Decimal(str(check["denominator"]))
        top, bottom = (int(part) for part in check["threshold"].split("/"))
        share = Fraction(numerator) / Fraction(denominator) if denominator else Fraction(0)
        lines.append(CheckLine(
            name=check["name"],
            numerator=_figure(numerator),
            denominator=_figure(denominator),
            threshold=check["threshold"],
            relation=">" if check["strict"] else "≥",
            left=_figure(numerator * bottom),
            right=_figure(denominator * top),
            met=check["met"],
            percent=f"{float(share * 100):.2f}%",
            top=top,
            bottom=bottom,
        ))
    return lines


def _figure(value: Decimal) -> str:
    return f"{value:,f}" if value != value.to_integral_value() or value.as_tuple().exponent < 0 else f"{int(value):,}"


VOTE_EVENTS = {
    "drafted": _("Drafted"),
    "announced": _("Meeting notice published; roll fixed"),
    "ballot_entered": _("Ballot entered for %(owner)s (%(channel)s)"),
    "ballot_voided": _("Ballot of %(owner)s voided: %(reason)s"),
    "counted": _("Counted and published"),
    "cancelled": _("Cancelled: %(reason)s"),
}
REELECTION_EVENTS = {
    "started": _("Re-election started by %(initiator)s"),
    "nominated": _("%(owner)s nominated (%(route)s)"),
    "reviewed": _("%(owner)s reviewed: %(verdict)s. %(reason)s"),
    "objection": _("Objection recorded"),
    "answered": _("Objection answered"),
    "announce": _("Candidates and meeting announced: %(slate)s"),
    "elect": _("Election result recorded: %(verdict)s"),
    "choose_officers": _("Chair %(chair)s, vice-chair %(vice_chair)s"),
    "hand_over": _("Handed over: %(note)s"),
    "file": _("Filed with the street. %(note)s"),
    "deadline_missed": _("Deadline missed (%(due)s): flagged to the street"),
}


def event_text(event, table: dict, owners: dict | None = None) -> str:
    """Return one history line of a vote or a re-election in the reader's language."""
    from .models import Channel, Initiator, Route

    params = dict(event.params or {})
    if "owner" in params and isinstance(params["owner"], int):
        params["owner"] = (owners or {}).get(params["owner"], f"#{params['owner']}")
    if "channel" in params:
        params["channel"] = Channel(params["channel"]).label if params["channel"] in Channel.values else ""
    if "initiator" in params:
        params["initiator"] = Initiator(params["initiator"]).label if params["initiator"] in Initiator.values else ""
    if "route" in params:
        params["route"] = Route(params["route"]).label if params["route"] in Route.values else ""
    if "qualified" in params:
        params["verdict"] = _("qualified") if params["qualified"] else _("not qualified")
    if "passed" in params:
        params["verdict"] = _("passed") if params["passed"] else _("not passed; nominate again")
    if "slate" in params:
        params["slate"] = "、".join(params["slate"])
    if event.kind == "deadline_missed" and not params.get("due"):
        params["due"] = ""
    template = table.get(event.kind)
    if template is None:
        return event.kind
    try:
        return str(template) % {k: str(v) for k, v in params.items()}
    except (KeyError, TypeError, ValueError):
        return str(template).split("%(")[0].rstrip(" :：(（")
