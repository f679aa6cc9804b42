"""Reads of wishes, always through the acting user's scope."""

import rules
from django.db.models import Case, F, Q, QuerySet, When

from sanji.core import clock, scope
from sanji.core.errors import NotFound
from sanji.core.inputs import parse_id
from sanji.core.models import Area, Claimer

from . import rules as wish_rules
from .deadlines import current_deadline_expression
from .models import Wish, WishEvent, WishState

PUBLIC_STATES = sorted(wish_rules.PUBLIC_STATES)
OPEN_STATES = [WishState.SUBMITTED, WishState.PUBLISHED, WishState.DISPATCHED, WishState.CLAIMED,
               WishState.IN_PROGRESS, WishState.FULFILLED]


def _base() -> QuerySet:
    return Wish.objects.select_related("community", "beneficiary", "duty_type", "holder__member",
                                       "holder__partner_unit", "holder__party_org", "holder__area")


def wishes_visible(user) -> QuerySet:
    """Return every wish ``user`` may see: the same rule as the ``wishes.view_wish`` permission."""
    if not getattr(user, "is_authenticated", False):
        return Wish.objects.none()
    claimer_ids = wish_rules.acting_claimer_ids(user)
    q = scope.staff_q(user, "community", "grid") | Q(beneficiary__user=user) | Q(submitted_by=user)
    if claimer_ids:
        q |= Q(holder__in=claimer_ids) | Q(dispatched_to__in=claimer_ids)
        q |= Q(state__in=PUBLIC_STATES) & scope.area_q(wish_rules.served_areas(user), "community")
    return _base().filter(q)


def wish_list(user, *, state: str | None = None, area_id: int | None = None, overdue: bool = False) -> QuerySet:
    """Return the wishes in ``user``'s scope, most urgent first: overdue ones by how late they are, then
    open ones by how soon they are due, then the rest, newest first."""
    wishes = wishes_visible(user).annotate(deadline=current_deadline_expression()).order_by(
        F("deadline").asc(nulls_last=True), "-created_at", "-pk")
    if state:
        wishes = wishes.filter(state=state)
    if overdue:
        wishes = wishes.filter(overdue_q(clock.now()))
    if area_id:
        area = Area.objects.filter(pk=area_id).first()
        wishes = wishes.filter(scope.area_q([area], "community", "grid")) if area else wishes.none()
    return wishes


def wish_access(user, wish_id) -> Wish:
    """Return the wish if ``user`` may see it; raise ``NotFound`` for missing and forbidden alike."""
    wish = _base().filter(pk=parse_id(wish_id)).first() if parse_id(wish_id) else None
    if wish is None or not rules.has_perm("wishes.view_wish", user, wish):
        raise NotFound()
    return wish


def wish_events(wish: Wish) -> QuerySet:
    return WishEvent.objects.filter(wish=wish).select_related("actor").order_by("at", "pk")


def my_wishes(user) -> QuerySet:
    """Return the wishes a resident made or that are for the resident."""
    return _base().filter(beneficiary__user=user)


def review_queue(user) -> QuerySet:
    return _base().filter(scope.reviewer_q(user, "community"), state=WishState.SUBMITTED).order_by(
        "review_due", "pk")


def followup_queue(user) -> QuerySet:
    return _base().filter(scope.staff_q(user, "community", "grid"), state=WishState.FULFILLED).order_by(
        "followup_due", "pk")


def claim_board(user) -> QuerySet:
    """Return the published wishes ``user`` may claim, and those dispatched to one of his claimers."""
    claimer_ids = wish_rules.acting_claimer_ids(user)
    if not claimer_ids:
        return Wish.objects.none()
    served = scope.area_q(wish_rules.served_areas(user), "community")
    mine_first = Case(When(state=WishState.DISPATCHED, then=0), default=1)  # dispatched to me: answer these first
    return _base().filter((Q(state=WishState.PUBLISHED) & served)
                          | Q(state=WishState.DISPATCHED, dispatched_to__in=claimer_ids)).order_by(
        mine_first, "claim_due", "pk")


def held_wishes(user) -> QuerySet:
    return _base().filter(holder__in=wish_rules.acting_claimer_ids(user)).order_by("state", "fulfil_due", "pk")


def public_board(*, community_id: int | None = None) -> QuerySet:
    """Return the open and fulfilled wishes anyone may see (shown masked)."""
    wishes = _base().filter(state__in=PUBLIC_STATES).order_by("-published_at", "-pk")
    if community_id:
        wishes = wishes.filter(community_id=community_id)
    return wishes


def dispatch_candidates(wish: Wish) -> QuerySet:
    """Return the claimers who serve the wish's community, nearest level first."""
    return (Claimer.objects.filter(service_areas__in=wish.community.ancestor_ids()).distinct()
            .select_related("member", "partner_unit", "party_org", "area").order_by("kind", "pk"))


def can_see_personal_data(user, wish: Wish) -> bool:
    return rules.has_perm("wishes.see_personal_data", user, wish)


def counts_by_state(wishes: QuerySet) -> dict[str, int]:
    from django.db.models import Count

    rows = wishes.order_by().values("state").annotate(n=Count("pk"))
    return {row["state"]: row["n"] for row in rows}


def overdue_q(now) -> Q:
    """Return the filter of wishes past the deadline of their current step."""
    return (
        Q(state=WishState.SUBMITTED, review_due__lt=now)
        | Q(state__in=[WishState.PUBLISHED, WishState.DISPATCHED], claim_due__lt=now)
        | Q(state__in=[WishState.CLAIMED, WishState.IN_PROGRESS], fulfil_due__lt=now)
        | Q(state=WishState.FULFILLED, followup_due__lt=now)
    )


def area_overview(user) -> list[dict]:
    """Return, per community in the viewer's staff areas, the counts of open, overdue, escalated,
    fulfilled and closed wishes: one grouped query, communities with the most overdue first."""
    from django.db.models import Count

    tops = scope.staff_areas(user)
    if not tops:
        return []
    now = clock.now()
    aggregates = {
        "open": Count("pk", filter=Q(state__in=OPEN_STATES)),
        "overdue": Count("pk", filter=overdue_q(now)),
        "escalated": Count("pk", filter=Q(state__in=OPEN_STATES) & ~Q(escalation_level="community")),
        "fulfilled": Count("pk", filter=Q(state=WishState.FULFILLED)),
        "closed": Count("pk", filter=Q(state=WishState.CLOSED)),
        "total": Count("pk"),
    }
    rows = Wish.objects.filter(scope.area_q(tops, "community")).order_by().values("community").annotate(**aggregates)
    counts = {row.pop("community"): row for row in rows}
    communities = Area.objects.filter(scope.area_q(tops), level="community").select_related("parent")
    zero = {"open": 0, "overdue": 0, "escalated": 0, "fulfilled": 0, "closed": 0, "total": 0}
    table = [{"area": c, "street": c.parent, **counts.get(c.pk, zero)} for c in communities]
    grids = [a for a in tops if a.level == "grid"]
    if grids:  # a grid worker's grants sit below the communities: one row per grid, counted by grid
        by_grid = {row.pop("grid"): row for row in (
            Wish.objects.filter(grid__in=grids).order_by().values("grid").annotate(**aggregates))}
        table += [{"area": g, "street": g.parent, **by_grid.get(g.pk, zero)} for g in grids]
    return sorted(table, key=lambda r: (-r["overdue"], -r["open"], r["area"].path))
