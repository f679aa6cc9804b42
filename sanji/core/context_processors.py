"""What every page needs to draw its navigation: which roles the viewer has."""

import rules

from . import scope


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {"authenticated": False}}
    staff_areas = scope.staff_areas(user)
    return {
        "nav": {
            "authenticated": True,
            "is_staff": bool(staff_areas),
            "staff_areas": staff_areas,
            "is_reviewer": scope.is_reviewer(user),
            "is_claimer": scope.claimers_of(user).exists(),
            "is_resident": hasattr(user, "resident"),
            # by the permission's name (sanji.audit.rules), so that core imports no app
            "can_audit": rules.has_perm("audit.search_log", user),
        }
    }
