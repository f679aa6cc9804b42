"""Background job of classes: regroup every district's wishes (a Celery task, also run by ``sanji worker``)."""

from celery import shared_task

from sanji.core.models import Area

from .services import classes_regroup


@shared_task(name="sanji.classes.regroup")
def regroup_all() -> int:
    """Regroup each district; return the number of wishes grouped."""
    return sum(classes_regroup(district=district).wishes for district in Area.objects.filter(level="district"))


@shared_task(name="sanji.classes.regroup_district")
def regroup_district(district_id: int) -> int:
    district = Area.objects.filter(pk=district_id, level="district").first()
    return classes_regroup(district=district).wishes if district else 0
