"""Writes to the outbox: queue notices with a change, deliver them, mark inbox notices read."""

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import translation

from sanji.core import clock
from sanji.core.masking import mask_numbers_in_text

from .channels import channel as channel_for
from .messages import render
from .models import Notice, NoticeChannel, NoticeState

log = logging.getLogger("sanji.notices")

#: After this many failed attempts a notice is marked failed (kept, and shown in the admin to retry).
MAX_ATTEMPTS = 8


def channels_of(user) -> list[str]:
    """Return the channels a person can be reached on: the inbox always, email and SMS when known."""
    found = [NoticeChannel.INBOX]
    if user.email:
        found.append(NoticeChannel.EMAIL)
    if getattr(user, "mobile", ""):
        found.append(NoticeChannel.SMS)
    return found


def notices_queue(*, recipients: Iterable, kind: str, params: dict, key: str, url: str = "") -> None:
    """Write one pending notice per recipient and channel.

    Call inside the transaction of the change the notice tells of, so both commit or neither does. A
    notice with the same recipient, channel and ``key`` as an existing one is not written again.
    """
    now = clock.now()
    rows = [
        Notice(recipient=user, channel=code, kind=kind, params=params, key=key[:160], url=url,
               next_attempt_at=now, created_at=now)
        for user in {u.pk: u for u in recipients if u.is_active}.values()
        for code in channels_of(user)
    ]
    if rows:
        Notice.objects.bulk_create(rows, ignore_conflicts=True)
        transaction.on_commit(_kick_delivery)


def _kick_delivery() -> None:
    """Ask the Celery worker to deliver now, when there is one; the periodic run covers the rest."""
    if not settings.CELERY_BROKER_URL:
        return
    from sanji.celery import app  # noqa: F401  (configures the broker the task is sent through)

    from .tasks import deliver_notices

    try:
        deliver_notices.delay()
    except Exception:  # a broker that is down must not break the change already committed
        log.warning("could not reach the task queue; notices wait for the next periodic delivery", exc_info=True)


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=min(2 ** attempts, 24 * 60))


def notices_deliver(*, limit: int = 500) -> DeliveryReport:
    """Send up to ``limit`` pending notices that are due, one transaction each; return what happened.

    Each notice is locked (``SKIP LOCKED``, so several workers share the queue without sending a notice
    twice), sent, and marked sent or rescheduled in its own transaction. SQLite, which has no row locks,
    serialises the transactions instead.
    """
    report = DeliveryReport()
    for _ in range(limit):
        with transaction.atomic():
            now = clock.now()
            notice = (Notice.objects.select_for_update(skip_locked=True, of=("self",)).select_related("recipient")
                      .filter(state=NoticeState.PENDING, next_attempt_at__lte=now)
                      .order_by("next_attempt_at", "pk").first())
            if notice is None:
                break
            _deliver_one(notice, now, report)
    return report


def _deliver_one(notice: Notice, now: dt.datetime, report: DeliveryReport) -> None:
    """Send one locked notice and record the outcome. Call while holding its row lock."""
    try:
        with translation.override(settings.LANGUAGE_CODE):
            text = render(notice.kind, notice.params)
        channel_for(notice.channel).send(notice, text)
    except Exception as error:  # any failure of a gateway is recorded and retried, never lost
        notice.attempts += 1
        # A gateway's error may quote the number it could not reach: keep the error, not the number.
        notice.last_error = mask_numbers_in_text(f"{type(error).__name__}: {error}")[:2000]
        if notice.attempts >= MAX_ATTEMPTS:
            notice.state = NoticeState.FAILED
            report.failed += 1
            log.error("notice %s failed for good: %s", notice.pk, notice.last_error)
        else:
            notice.next_attempt_at = now + _backoff(notice.attempts)
            report.retried += 1
    else:
        notice.attempts += 1
        notice.state = NoticeState.SENT
        notice.sent_at = now
        report.sent += 1
    notice.save(update_fields=["attempts", "last_error", "state", "next_attempt_at", "sent_at"])


def notices_retry(*, notice_ids: Iterable[int]) -> int:
    """Put failed notices back in the queue (an administrator's action); return how many."""
    return Notice.objects.filter(pk__in=list(notice_ids), state=NoticeState.FAILED).update(
        state=NoticeState.PENDING, attempts=0, next_attempt_at=clock.now())


def inbox_mark_read(*, user, notice_id: int | None = None, up_to_id: int | None = None) -> int:
    """Mark one of ``user``'s delivered inbox notices read, or all of them when no id is given; ``up_to_id``
    keeps "all" to the notices the reader had on the page (none that arrived since)."""
    unread = Notice.objects.filter(recipient=user, channel=NoticeChannel.INBOX, state=NoticeState.SENT,
                                   read_at__isnull=True)
    if notice_id is not None:
        unread = unread.filter(pk=notice_id)
    if up_to_id is not None:
        unread = unread.filter(pk__lte=up_to_id)
    return unread.update(read_at=clock.now())
