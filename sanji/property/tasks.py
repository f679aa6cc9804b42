"""Background job of property management: flag missed re-election deadlines to the street."""

from celery import shared_task

from .services.flags import reelections_flag_missed


@shared_task(name="sanji.property.flag_missed")
def flag_missed() -> int:
    report = reelections_flag_missed()
    return report.not_started + report.missed
