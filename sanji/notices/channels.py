"""Delivery channels. Each takes a notice (and its rendered text) and sends it, or raises.

``settings.SANJI_NOTICE_CHANNELS`` maps a channel code to a class path, so a district can plug in its own
mail relay or SMS gateway. Every channel gets the notice's id as a reference a receiver can use to drop a
repeat (the email ``Message-ID``, the gateway's client reference): the outbox sends each notice once, and a
crash between sending and recording "sent" is the one moment a repeat can happen.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

from sanji.core.masking import mask_phone

from .messages import Rendered
from .models import Notice

log = logging.getLogger("sanji.notices")


class InboxChannel:
    """The in-app inbox: the notice row itself is the message; sending makes it visible."""

    def send(self, notice: Notice, text: Rendered) -> None:
        return None


class EmailChannel:
    """Email through Django's configured backend (``EMAIL_BACKEND``, ``EMAIL_HOST``...)."""

    def send(self, notice: Notice, text: Rendered) -> None:
        address = notice.recipient.email
        if not address:
            raise ValueError("recipient has no email address")
        body = text.body + (f"\n\n{settings.SANJI_SITE_URL}{notice.url}" if notice.url else "")
        domain = settings.SANJI_SITE_URL.split("//")[-1].split("/")[0] or "sanji.local"
        message = EmailMessage(subject=text.subject, body=body, to=[address],
                               headers={"Message-ID": f"<notice-{notice.pk}@{domain}>"})
        message.send(fail_silently=False)


class SmsGateway:
    """What an SMS gateway must do: send ``text`` to ``mobile``; ``reference`` identifies the notice."""

    def send(self, *, mobile: str, text: str, reference: str) -> None:
        raise NotImplementedError


class LoggingSmsGateway(SmsGateway):
    """Write the message to the log instead of sending it: for a district without a gateway contract yet."""

    def send(self, *, mobile: str, text: str, reference: str) -> None:
        log.info("SMS %s to %s: %s", reference, mask_phone(mobile), text)


class SmsChannel:
    def send(self, notice: Notice, text: Rendered) -> None:
        mobile = notice.recipient.mobile
        if not mobile:
            raise ValueError("recipient has no mobile number")
        gateway = import_string(settings.SANJI_SMS_GATEWAY)()
        gateway.send(mobile=mobile, text=f"{text.subject}。{text.body}"[:300], reference=f"notice-{notice.pk}")


def channel(code: str):
    """Return the channel object configured for ``code``."""
    return import_string(settings.SANJI_NOTICE_CHANNELS[code])()
