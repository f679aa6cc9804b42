"""Background jobs of dispatch: a Celery task, also run in-process by ``sanji worker``."""

from celery import shared_task

from .escalation import escalate_overdue as escalate


@shared_task(name="sanji.dispatch.escalate")
def escalate_overdue() -> int:
    return escalate()
