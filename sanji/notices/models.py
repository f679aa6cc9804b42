"""The outbox: one row per message to one person on one channel.

A row is written in the same transaction as the change it tells of, so a committed change always has its
notices and a rolled-back one has none. The worker delivers pending rows; ``key`` makes a notice about the
same thing to the same person on the same channel a single row, however often it is written.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeChannel(models.TextChoices):
    INBOX = "inbox", _("In-app inbox")
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


class NoticeState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notice(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notices"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=NoticeChannel.choices)
    kind = models.CharField(_("kind"), max_length=40)
    params = models.JSONField(_("details"), default=dict)
    key = models.CharField(_("key"), max_length=160)
    url = models.CharField(_("link"), max_length=200, blank=True)

    state = models.CharField(_("state"), max_length=8, choices=NoticeState.choices, default=NoticeState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "channel", "key"], name="notice_once_per_key"),
        ]
        indexes = [
            models.Index(fields=["next_attempt_at"], name="notice_pending",
                         condition=models.Q(state="pending")),
            models.Index(fields=["recipient", "channel", "-created_at"], name="notice_inbox"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.recipient} · {self.kind}"
