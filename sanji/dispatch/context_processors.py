"""Whether the viewer has a service profile to fill in (a party member, a unit's or agency's coordinator)."""

from sanji.core import scope


def service_profile(request):
    from .services import PROFILE_KINDS

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"has_service_profile": scope.claimers_of(user).filter(kind__in=PROFILE_KINDS).exists()}
