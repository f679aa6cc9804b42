"""Background jobs of the outbox: a Celery task, also run in-process by ``sanji worker``."""

from celery import shared_task

from .services import notices_deliver


@shared_task(name="sanji.notices.deliver")
def deliver_notices() -> dict:
    report = notices_deliver()
    return {"sent": report.sent, "retried": report.retried, "failed": report.failed}
