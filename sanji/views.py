"""The front door: each person lands on what his or her roles need first."""

from django.shortcuts import render

from sanji.core import scope
from sanji.wishes import selectors


def home(request):
    user = request.user
    context = {"board": selectors.public_board()[:6]}
    if user.is_authenticated:
        staff_areas = scope.staff_areas(user)
        context.update({
            "my_wishes": selectors.my_wishes(user)[:5] if hasattr(user, "resident") else [],
            "review_count": selectors.review_queue(user).count() if staff_areas else 0,
            "followup_count": selectors.followup_queue(user).count() if staff_areas else 0,
            "claimable_count": selectors.claim_board(user).count(),
            "held_count": selectors.held_wishes(user).exclude(state__in=["closed", "withdrawn"]).count(),
            "overview": selectors.area_overview(user) if staff_areas else [],
        })
    return render(request, "home.html", context)
