"""Whether the viewer owns a unit somewhere, for the navigation's link to his or her compound's votes."""

from .models import Owner


def ownership(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"is_owner": Owner.objects.filter(user=user).exists()}
