"""Who may be sent in a batch, and who is already placed elsewhere: the checks that adding a cadre and adopting a
proposal share."""

from django.db.models import Q
from django.utils.translation import gettext as _

from ..models import Batch, Cadre, Placement, Rank, Role


def eligibility_refusal(batch: Batch, cadre: Cadre, role: str) -> str | None:
    """Return why ``cadre`` may not join ``batch`` as ``role``, or None.

    Practice cadres must be no older than the batch's oldest age on its first day and, when the batch says so,
    have no grassroots experience. Assistants to a party secretary are mature section-level cadres by design:
    they must hold section rank and are not held to the age and experience rules.
    """
    if role == Role.ASSISTANT:
        if cadre.rank != Rank.SECTION:
            return _("An assistant to a party secretary must be a section-level cadre.")
        return None
    if cadre.age_on(batch.starts_on) > batch.max_age:
        return _("%(name)s will be %(age)s when the batch starts, older than %(max)s.") % {
            "name": cadre.name, "age": cadre.age_on(batch.starts_on), "max": batch.max_age}
    if batch.without_grassroots_only and cadre.grassroots_experience:
        return _("%(name)s already has grassroots experience; this batch is for cadres without it.") % {
            "name": cadre.name}
    return None


def placed_elsewhere(batch: Batch, cadre_ids) -> list[Placement]:
    """Return the placements of other batches that keep any of ``cadre_ids`` busy during ``batch``'s window.

    A placement recalled before the window starts no longer counts.
    """
    return list(
        Placement.objects.filter(cadre_id__in=list(cadre_ids), starts_on__lte=batch.ends_on,
                                 ends_on__gte=batch.starts_on)
        .filter(Q(recalled_on__isnull=True) | Q(recalled_on__gte=batch.starts_on))
        .exclude(batch=batch).select_related("cadre", "community")
    )
