"""Which changes of a wish tell someone, and whom. Called inside the transition's transaction."""

from django.utils import timezone

from sanji.core import scope
from sanji.notices.services import notices_queue

from .models import Wish, WishEvent


def transition_notices(*, wish: Wish, event: WishEvent) -> None:
    """Queue the notices a transition calls for: the claimer a wish is dispatched to, the resident whose
    wish is reported fulfilled."""
    if event.action == "dispatch" and wish.dispatched_to_id:
        claimer = wish.dispatched_to
        notices_queue(
            recipients=scope.users_acting_for(claimer), kind="wish_dispatched",
            params={"id": wish.pk, "claimer": claimer.name, "community": wish.community.name,
                    "due": timezone.localtime(wish.claim_due).strftime("%Y-%m-%d") if wish.claim_due else ""},
            key=f"wish-event:{event.pk}", url=wish.get_absolute_url(),
        )
    elif event.action in ("fulfil", "answer") and wish.beneficiary.user_id:
        notices_queue(
            recipients=[wish.beneficiary.user], kind="wish_fulfilled", params={"id": wish.pk},
            key=f"wish-event:{event.pk}", url=wish.get_absolute_url(),
        )
