"""The outbox: written with the change, delivered once, retried when a channel fails, never lost."""

import datetime as dt
import logging

import pytest
from django.core import mail
from django.db import transaction

from sanji.core import clock
from sanji.notices import services
from sanji.notices.models import Notice
from sanji.notices.services import MAX_ATTEMPTS, notices_deliver, notices_queue, notices_retry

from ..factories import UserFactory


@pytest.fixture
def person(db):
    return UserFactory(username="xu", email="xu@example.org", mobile="13912345678")


def queue(person, key="k1"):
    notices_queue(recipients=[person], kind="wish_fulfilled", params={"id": 7}, key=key, url="/wishes/7/")


def test_a_notice_goes_to_each_channel_the_person_has(person):
    queue(person)
    assert sorted(Notice.objects.values_list("channel", flat=True)) == ["email", "inbox", "sms"]
    nobody_else = UserFactory(username="plain")
    queue(nobody_else)
    assert list(Notice.objects.filter(recipient=nobody_else).values_list("channel", flat=True)) == ["inbox"]


def test_the_same_key_is_written_once(person):
    queue(person)
    queue(person)
    assert Notice.objects.count() == 3


def test_a_rolled_back_change_leaves_no_notice(person):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue(person)
        raise RuntimeError
    assert not Notice.objects.exists()


def test_delivery_sends_each_notice_once(person, caplog):
    queue(person)
    with caplog.at_level(logging.INFO, logger="sanji.notices"):
        report = notices_deliver()
    assert (report.sent, report.retried, report.failed) == (3, 0, 0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["xu@example.org"]
    assert "#7" in message.subject
    assert message.extra_headers["Message-ID"].startswith("<notice-")
    assert "139****5678" in caplog.text and "13912345678" not in caplog.text  # the SMS log masks the number
    assert notices_deliver().sent == 0
    assert len(mail.outbox) == 1
    assert set(Notice.objects.values_list("state", flat=True)) == {"sent"}


class Broken:
    def send(self, notice, text):
        raise ConnectionError("relay down")


def test_a_failing_channel_is_retried_later_then_marked_failed(person, settings):
    settings.SANJI_NOTICE_CHANNELS = {**settings.SANJI_NOTICE_CHANNELS, "email": f"{__name__}.Broken"}
    queue(person)
    report = notices_deliver()
    assert (report.sent, report.retried) == (2, 1)
    email = Notice.objects.get(channel="email")
    assert email.state == "pending" and email.attempts == 1 and "relay down" in email.last_error
    assert email.next_attempt_at > clock.now()
    assert notices_deliver().retried == 0  # not due yet
    for attempt in range(2, MAX_ATTEMPTS + 1):
        with clock.at(email.next_attempt_at + dt.timedelta(seconds=1)):
            notices_deliver()
        email.refresh_from_db()
        assert email.attempts == attempt
    assert email.state == "failed"
    assert notices_retry(notice_ids=[email.pk]) == 1
    settings.SANJI_NOTICE_CHANNELS = {**settings.SANJI_NOTICE_CHANNELS,
                                      "email": "sanji.notices.channels.EmailChannel"}
    assert notices_deliver().sent == 1
    assert len(mail.outbox) == 1


def test_the_message_is_written_in_the_site_language(person):
    queue(person)
    notices_deliver()
    assert mail.outbox[0].subject == "您的心愿#7已报告圆梦"


def test_mark_read(person):
    queue(person)
    notices_deliver()
    assert services.inbox_mark_read(user=person) == 1
    assert services.inbox_mark_read(user=person) == 0


def test_mark_all_read_leaves_what_the_reader_has_not_seen(person):
    queue(person, key="seen")
    notices_deliver()
    seen = Notice.objects.get(key="seen", channel="inbox")
    queue(person, key="later")  # not delivered yet: not in the inbox
    assert services.inbox_mark_read(user=person) == 1
    notices_deliver()
    queue(person, key="after-the-page")
    notices_deliver()
    assert services.inbox_mark_read(user=person, up_to_id=seen.pk) == 0
    assert Notice.objects.filter(channel="inbox", read_at__isnull=True).count() == 2
