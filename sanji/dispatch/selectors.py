"""Reads for dispatch: the facts scoring needs, gathered in a fixed number of queries.

``wish_facts`` and ``claimer_facts`` turn rows into the plain records ``scoring`` weighs; the number of
queries does not grow with the number of wishes or claimers.
"""

from collections import defaultdict

from django.db.models import Count, Q, QuerySet

from sanji.core import scope
from sanji.core.errors import NotFound
from sanji.core.inputs import parse_id
from sanji.core.models import Area, Claimer
from sanji.wishes.models import Satisfaction, Wish, WishState

from .models import LEVEL_OF_KIND, ClaimerProfile, DispatchBatch, Responsibility
from .scoring import ClaimerFacts, WishFacts, rank, split_terms

S = WishState


def responsibility_orders() -> dict[int, dict[str, int]]:
    """Return, per duty type, its responsible levels and their ranks (``{"members": 1, "units": 2}``)."""
    orders = defaultdict(dict)
    rows = Responsibility.objects.order_by("duty_type", "rank", "level").values_list("duty_type", "level", "rank")
    for duty_type_id, level, rank_ in rows:
        orders[duty_type_id][level] = rank_
    return dict(orders)


def _places(wishes) -> dict[int, dict]:
    """Return, per community id, the ids of the community and its street and district."""
    communities = {w.community for w in wishes}
    ancestor_ids = {i for c in communities for i in c.ancestor_ids()}
    levels = dict(Area.objects.filter(pk__in=ancestor_ids).values_list("pk", "level"))
    return {c.pk: {levels[i]: i for i in c.ancestor_ids() if i in levels} for c in communities}


def wish_facts(wishes) -> list[WishFacts]:
    """Return the scoring facts of ``wishes`` (fetched with community, duty type and priority groups)."""
    wishes = list(wishes)
    places = _places(wishes)
    return [
        WishFacts(
            id=w.pk,
            duty_type_id=w.duty_type_id,
            text=w.text,
            duty_type_name=w.duty_type.name if w.duty_type else "",
            places={**places[w.community_id], **({"grid": w.grid_id} if w.grid_id else {})},
            priority_groups=tuple(g.name for g in w.beneficiary.priority_groups.all()),
        )
        for w in wishes
    ]


def claimers_serving_area(area: Area) -> QuerySet:
    """Return the claimers that serve some place in ``area``'s subtree or above it."""
    return Claimer.objects.filter(
        Q(service_areas__path__startswith=area.path) | Q(service_areas__in=area.ancestor_ids())
    ).distinct()


def _counts(rows, key) -> dict[int, int]:
    return {row[key]: row["n"] for row in rows}


def claimer_facts(claimers: QuerySet) -> list[ClaimerFacts]:
    """Return the scoring facts of ``claimers``: services, capacity, load and ratings."""
    claimers = list(
        claimers.select_related("member", "partner_unit", "party_org", "area").prefetch_related("service_areas")
    )
    ids = [c.pk for c in claimers]
    profiles = {p.claimer_id: p for p in ClaimerProfile.objects.filter(claimer__in=ids).prefetch_related("duty_types")}
    held = _counts(
        Wish.objects.filter(holder__in=ids, state__in=[S.CLAIMED, S.IN_PROGRESS])
        .order_by()
        .values("holder")
        .annotate(n=Count("pk")),
        "holder",
    )
    sent = _counts(
        Wish.objects.filter(dispatched_to__in=ids, state=S.DISPATCHED)
        .order_by()
        .values("dispatched_to")
        .annotate(n=Count("pk")),
        "dispatched_to",
    )
    ratings = defaultdict(dict)
    for row in (
        Wish.objects.filter(holder__in=ids, state=S.CLOSED)
        .exclude(satisfaction="")
        .order_by()
        .values("holder", "satisfaction")
        .annotate(n=Count("pk"))
    ):
        ratings[row["holder"]][row["satisfaction"]] = row["n"]
    facts = []
    for c in claimers:
        profile = profiles.get(c.pk)
        member, unit = c.member, c.partner_unit
        terms = (
            split_terms(member.speciality, member.occupation)
            if member
            else (split_terms(unit.services) if unit else ())
        )
        rated = ratings.get(c.pk, {})
        facts.append(
            ClaimerFacts(
                id=c.pk,
                level=LEVEL_OF_KIND[c.kind],
                served_area_ids=frozenset(a.pk for a in c.service_areas.all()),
                duty_type_ids=frozenset(t.pk for t in profile.duty_types.all()) if profile else frozenset(),
                terms=terms,
                home_grid_id=member.home_grid_id if member else None,
                capacity=profile.capacity if profile else ClaimerProfile.DEFAULT_CAPACITY,
                load=held.get(c.pk, 0) + sent.get(c.pk, 0),
                satisfied=rated.get(Satisfaction.SATISFIED, 0),
                basically_satisfied=rated.get(Satisfaction.BASICALLY_SATISFIED, 0),
                unsatisfied=rated.get(Satisfaction.UNSATISFIED, 0),
            )
        )
    return facts


def free_capacity(claimer_ids) -> dict[int, int]:
    """Return how many more wishes each claimer can hold now (capacity less its open wishes)."""
    return {f.id: f.free for f in claimer_facts(Claimer.objects.filter(pk__in=list(claimer_ids)))}


def _with_facts(qs: QuerySet) -> QuerySet:
    return qs.select_related("community", "duty_type", "beneficiary").prefetch_related("beneficiary__priority_groups")


def candidates_for(wish: Wish) -> list[dict]:
    """Return the ranked candidates of one wish: ``{"claimer", "scored", "facts"}``, best first."""
    wish = _with_facts(Wish.objects.filter(pk=wish.pk)).get()
    claimers = {
        c.pk: c
        for c in claimers_serving_area(wish.community).select_related("member", "partner_unit", "party_org", "area")
    }
    facts = {f.id: f for f in claimer_facts(Claimer.objects.filter(pk__in=claimers))}
    order = responsibility_orders().get(wish.duty_type_id, {})
    ranked = rank(wish_facts([wish])[0], list(facts.values()), order)
    return [{"claimer": claimers[s.claimer_id], "scored": s, "facts": facts[s.claimer_id]} for s in ranked]


def responsible_levels(wish: Wish) -> list[str]:
    """Return the levels that answer for the wish's duty type, in order; empty when any level may answer."""
    return list(responsibility_orders().get(wish.duty_type_id, {})) if wish.duty_type_id else []


def open_wishes_for_batch(user, area: Area) -> QuerySet:
    """Return the wishes a batch for ``area`` takes: on the board, not a policy matter, in the user's scope."""
    return _with_facts(
        Wish.objects.filter(
            scope.area_q([area], "community"),
            scope.reviewer_q(user, "community"),
            state=S.PUBLISHED,
            needs_policy=False,
        )
    ).order_by("claim_due", "pk")


def batch_areas(user) -> QuerySet:
    """Return the areas ``user`` may run a batch for: the streets and communities of the reviewer areas (a
    district runs one street at a time, so that a proposal stays one that a person can read)."""
    return Area.objects.filter(scope.reviewer_q(user), level__in=["street", "community"])


def batch_area_choices(user) -> list[tuple[Area, int]]:
    """Return the areas ``user`` may batch, each with how many wishes wait there: the streets, and the
    communities that have any, in tree order."""
    waiting = list(Wish.objects.filter(scope.reviewer_q(user, "community"), state=S.PUBLISHED, needs_policy=False)
               .order_by().values_list("community__path").annotate(n=Count("pk")))
    choices = []
    for area in batch_areas(user).order_by("path"):
        n = sum(count for path, count in waiting if path.startswith(area.path))
        if area.level != "community" or n:
            choices.append((area, n))
    return choices


def batches_visible(user) -> QuerySet:
    return DispatchBatch.objects.filter(scope.reviewer_q(user, "area")).select_related("area", "created_by")


def batch_access(user, batch_id) -> DispatchBatch:
    """Return the batch if ``user`` reviews its area; raise ``NotFound`` for missing and forbidden alike."""
    batch = batches_visible(user).filter(pk=parse_id(batch_id)).first() if parse_id(batch_id) else None
    if batch is None:
        raise NotFound()
    return batch


def own_profiles(user) -> list[dict]:
    """Return the claimers ``user`` may describe (own membership, coordinated units and orgs) with their profiles."""
    from .services import PROFILE_KINDS

    claimers = (scope.claimers_of(user).filter(kind__in=PROFILE_KINDS)
                .select_related("member", "partner_unit", "party_org", "profile")
                .prefetch_related("profile__duty_types").order_by("kind", "pk"))
    rows = []
    for claimer in claimers:
        profile = getattr(claimer, "profile", None)
        rows.append({
            "claimer": claimer,
            "capacity": profile.capacity if profile else ClaimerProfile.DEFAULT_CAPACITY,
            "codes": {t.code for t in profile.duty_types.all()} if profile else set(),
            "speciality": claimer.member.speciality if claimer.member else (
                claimer.partner_unit.services if claimer.partner_unit else None),
            "occupation": claimer.member.occupation if claimer.member else None,
        })
    return rows


def catalogue():
    """Return the duty categories with their types, for choosing the services offered."""
    from sanji.wishes.models import DutyCategory

    return DutyCategory.objects.prefetch_related("types")
