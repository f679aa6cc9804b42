"""Red property management on the dashboard: compounds by mode, consultation coverage, counted votes, re-elections.

Read-only and unscoped: the caller passes an area the user may see. An area's subtree is the prefix match on
``Area.path``; a compound belongs to the subtree of its community.
"""

from decimal import Decimal

from django.db.models import Count, Q

from sanji.core.models import Area, Compound, ManagementMode
from sanji.property.models import REACHED, Consultation, Matter, OwnersVote, Reelection, Step, Unit, Visit, VoteState

from ..period import Period
from ..rates import Rate

#: The counted figures a vote keeps in ``OwnersVote.result`` (``sanji.property.services.votes.count``).
OWNER_FIGURES = ("total_owners", "participating_owners", "yes_owners", "no_owners", "abstain_owners")
AREA_FIGURES = ("total_area", "participating_area", "yes_area", "no_area", "abstain_area")


def property_summary(*, area: Area, period: Period) -> dict:
    """Return the property-management figures of ``area``'s subtree for ``period`` (instants in [start, end)).

    - ``compounds_by_mode``: ``(mode, label, count)`` for every ``ManagementMode`` in its order, 0 included: the
      compounds of the subtree by their management mode as it stands now.
    - ``consultation_coverage``: a ``Rate``. Numerator: the distinct households (units) of the subtree's compounds
      that a door-to-door visit reached (opinion agree, disagree or undecided; "nobody home" does not count) during
      the period, on any consultation; a household reached twice, or by two consultations, counts once.
      Denominator: every household (unit) registered in the subtree's compounds now.
    - ``households``, ``households_reached``: the same two numbers.
    - ``consultations_opened`` / ``consultations_closed``: consultations of the subtree opened / closed in the period.
    - ``votes``: the owners' votes of the subtree counted in the period (state ``counted``, ``counted_at`` in the
      period), oldest count first, each with the figures its published result keeps (see ``_vote_row``); nothing is
      recounted.
    - ``votes_counted``: how many such votes; ``votes_passed``: how many of them passed.
    - ``reelections_filed``: the owners' committee re-elections of the subtree that reached their last step (filed
      with the street) in the period, oldest first; ``reelections_filed_count``: how many.

    Six queries.
    """
    in_area = area.path
    start, end = period.start, period.end
    by_mode = dict(
        Compound.objects.filter(community__path__startswith=in_area)
        .values("management_mode").annotate(n=Count("pk")).values_list("management_mode", "n").order_by()
    )
    households = Unit.objects.filter(building__compound__community__path__startswith=in_area).count()
    reached = Visit.objects.filter(
        unit__building__compound__community__path__startswith=in_area, opinion__in=REACHED,
        visited_at__gte=start, visited_at__lt=end,
    ).aggregate(n=Count("unit", distinct=True))["n"]
    consultations = Consultation.objects.filter(compound__community__path__startswith=in_area).aggregate(
        opened=Count("pk", filter=Q(opened_at__gte=start, opened_at__lt=end)),
        closed=Count("pk", filter=Q(closed_at__gte=start, closed_at__lt=end)),
    )
    votes = [
        _vote_row(vote)
        for vote in OwnersVote.objects.filter(
            compound__community__path__startswith=in_area, state=VoteState.COUNTED,
            counted_at__gte=start, counted_at__lt=end,
        ).select_related("compound__community").order_by("counted_at", "pk")
    ]
    reelections = [
        _reelection_row(reelection)
        for reelection in Reelection.objects.filter(
            compound__community__path__startswith=in_area, step=Step.FILED, filed_at__gte=start, filed_at__lt=end,
        ).select_related("compound", "elected").order_by("filed_at", "pk")
    ]
    return {
        "compounds_by_mode": [(mode.value, mode.label, by_mode.get(mode.value, 0)) for mode in ManagementMode],
        "consultation_coverage": Rate(reached, households),
        "households": households,
        "households_reached": reached,
        "consultations_opened": consultations["opened"],
        "consultations_closed": consultations["closed"],
        "votes": votes,
        "votes_counted": len(votes),
        "votes_passed": sum(1 for vote in votes if vote["passed"]),
        "reelections_filed": reelections,
        "reelections_filed_count": len(reelections),
    }


def _vote_row(vote: OwnersVote) -> dict:
    """Return one counted vote with the figures of its published result.

    Owners are counted as the tally counts them (one per owner, the developer's units as one owner) and areas are
    the registered exclusive areas of the frozen roll, as exact ``Decimal``; ``passed`` and ``quorum_met`` are the
    verdicts the count published.
    """
    result = vote.result or {}
    row = {
        "vote_id": vote.pk,
        "compound_id": vote.compound_id,
        "compound": vote.compound.name,
        "community": vote.compound.community.name,
        "matter": vote.matter,
        "matter_label": Matter(vote.matter).label,
        "title": vote.title,
        "counted_at": vote.counted_at,
        "rule": result.get("rule"),
        "quorum_met": bool(result.get("quorum_met")),
        "passed": bool(result.get("passed")),
    }
    row.update({name: int(result.get(name, 0)) for name in OWNER_FIGURES})
    row.update({name: Decimal(str(result.get(name, "0"))) for name in AREA_FIGURES})
    return row


def _reelection_row(reelection: Reelection) -> dict:
    return {
        "reelection_id": reelection.pk,
        "compound_id": reelection.compound_id,
        "compound": reelection.compound.name,
        "initiator": reelection.initiator,
        "initiator_label": reelection.get_initiator_display(),
        "started_at": reelection.started_at,
        "elected_at": reelection.elected_at,
        "filed_at": reelection.filed_at,
        "term_number": reelection.elected.number if reelection.elected else None,
    }
