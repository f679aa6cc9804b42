"""Reads of a person's own inbox."""

from django.db.models import QuerySet

from .models import Notice, NoticeChannel, NoticeState


def inbox(user) -> QuerySet:
    """Return the delivered inbox notices of ``user``, newest first."""
    return Notice.objects.filter(recipient=user, channel=NoticeChannel.INBOX, state=NoticeState.SENT)


def unread_count(user) -> int:
    return inbox(user).filter(read_at__isnull=True).count()
