"""Who may do what to a wish: small predicates composed into named permissions (django-rules)."""

import rules

from sanji.core import scope

from .models import WishState

#: States in which a wish shows on the public board (masked); claimers who serve its community see it.
PUBLIC_STATES = frozenset({
    WishState.PUBLISHED, WishState.DISPATCHED, WishState.CLAIMED, WishState.IN_PROGRESS, WishState.FULFILLED,
    WishState.CLOSED,
})


def acting_claimer_ids(user) -> set[int]:
    """Return the ids of the claimers ``user`` acts for (cached on the user object for one request)."""
    cache = getattr(user, "_sanji_claimer_ids", None)
    if cache is None:
        cache = set(scope.claimers_of(user).values_list("pk", flat=True))
        user._sanji_claimer_ids = cache
    return cache


def served_areas(user):
    """Return the areas whose board wishes ``user`` may claim (cached like ``acting_claimer_ids``)."""
    cache = getattr(user, "_sanji_served_areas", None)
    if cache is None:
        from sanji.core.models import Area

        cache = list(Area.objects.filter(serving_claimers__in=acting_claimer_ids(user)).distinct())
        user._sanji_served_areas = cache
    return cache


@rules.predicate
def is_staff_in_scope(user, wish):
    return scope.is_staff_for(user, wish.community, wish.grid)


@rules.predicate
def is_reviewer_in_scope(user, wish):
    return scope.is_reviewer_for(user, wish.community)


@rules.predicate
def is_beneficiary(user, wish):
    return wish.beneficiary.user_id is not None and wish.beneficiary.user_id == user.pk


@rules.predicate
def is_submitter(user, wish):
    return wish.submitted_by_id is not None and wish.submitted_by_id == user.pk


@rules.predicate
def is_holder(user, wish):
    return wish.holder_id is not None and wish.holder_id in acting_claimer_ids(user)


@rules.predicate
def is_dispatch_target(user, wish):
    return wish.dispatched_to_id is not None and wish.dispatched_to_id in acting_claimer_ids(user)


@rules.predicate
def serves_community(user, wish):
    return any(area.contains(wish.community) for area in served_areas(user))


@rules.predicate
def is_on_board(user, wish):
    return wish.state == WishState.PUBLISHED


@rules.predicate
def is_public(user, wish):
    """True once the wish is on the public board (published up to closed)."""
    return wish.state in PUBLIC_STATES


@rules.predicate
def is_being_worked(user, wish):
    return wish.state in (WishState.CLAIMED, WishState.IN_PROGRESS)


@rules.predicate
def is_before_claim(user, wish):
    return wish.state in (WishState.SUBMITTED, WishState.PUBLISHED, WishState.DISPATCHED)


@rules.predicate
def holds_open_task(user, wish):
    return wish.state in (WishState.CLAIMED, WishState.IN_PROGRESS, WishState.FULFILLED)


@rules.predicate
def has_staff_grant(user):
    """True for community staff, grid workers, street officers and district administrators (no wish needed)."""
    return scope.is_staff(user)


@rules.predicate
def has_reviewer_grant(user):
    return scope.is_reviewer(user)


@rules.predicate
def is_resident(user):
    return hasattr(user, "resident")


is_authenticated = rules.is_authenticated

# Pages and lists that need no wish: making one, entering one for a resident, the area's lists, the review queue.
rules.add_perm("wishes.make_wish", is_authenticated & (has_staff_grant | is_resident))
rules.add_perm("wishes.enter_for_resident", is_authenticated & has_staff_grant)
rules.add_perm("wishes.follow_area", is_authenticated & has_staff_grant)
rules.add_perm("wishes.see_review_queue", is_authenticated & has_reviewer_grant)

rules.add_perm(
    "wishes.view_wish",
    is_authenticated
    & (is_staff_in_scope | is_beneficiary | is_submitter | is_holder | is_dispatch_target
       | (is_public & serves_community)),
)
rules.add_perm("wishes.review_wish", is_authenticated & is_reviewer_in_scope)
rules.add_perm(
    "wishes.claim_wish",
    is_authenticated & ~is_beneficiary & ((is_on_board & serves_community) | is_dispatch_target),
)
rules.add_perm("wishes.decline_wish", is_authenticated & is_dispatch_target)
rules.add_perm("wishes.work_wish", is_authenticated & is_holder)
# Whoever fulfilled a wish never rates it: staff who also hold it (as their community) cannot confirm.
rules.add_perm("wishes.confirm_wish", is_authenticated & (is_beneficiary | (is_staff_in_scope & ~is_holder)))
rules.add_perm("wishes.withdraw_wish", is_authenticated & (is_beneficiary | is_submitter | is_staff_in_scope))
rules.add_perm(
    "wishes.see_personal_data",
    is_authenticated & (is_staff_in_scope | is_beneficiary | (is_holder & holds_open_task)),
)
rules.add_perm(
    "wishes.add_request_photo",
    is_authenticated & is_before_claim & (is_beneficiary | is_submitter | is_staff_in_scope),
)
rules.add_perm("wishes.add_evidence_photo", is_authenticated & is_holder & is_being_worked)
