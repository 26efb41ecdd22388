"""Pluggable senders for one-time codes: SMS and e-mail.

The sender is chosen by the HBTE_MESSAGE_SENDER setting, so an SMS gateway is a
setting, not a code change. A gateway class implements `send_sms` and
`send_email` with the same signatures.
"""

import logging
import sys
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    channel: str  # "sms" or "email"
    to: str
    subject: str
    body: str


class ConsoleSender:
    """Prints messages to standard output: the embedded mode's stand-in."""

    def send_sms(self, to: str, body: str) -> None:
        self._print(Message("sms", to, "", body))

    def send_email(self, to: str, subject: str, body: str) -> None:
        self._print(Message("email", to, subject, body))

    def _print(self, message: Message) -> None:
        print(
            f"[{message.channel} → {message.to}] {message.subject} {message.body}",
            file=sys.stdout,
            flush=True,
        )


class MemorySender:
    """Keeps messages in `MemorySender.outbox`: for tests."""

    outbox: list[Message] = []

    def send_sms(self, to: str, body: str) -> None:
        self.outbox.append(Message("sms", to, "", body))

    def send_email(self, to: str, subject: str, body: str) -> None:
        self.outbox.append(Message("email", to, subject, body))


class DjangoMailSender:
    """E-mail through Django's mail settings; SMS still needs a gateway class."""

    def send_sms(self, to: str, body: str) -> None:
        raise NotImplementedError("configure an SMS gateway sender")

    def send_email(self, to: str, subject: str, body: str) -> None:
        send_mail(subject, body, None, [to])


def get_sender():
    return import_string(settings.HBTE_MESSAGE_SENDER)()


def send(channel: str, to: str, subject: str, body: str) -> bool:
    """Send through the configured sender; False (and a log line) on failure."""
    sender = get_sender()
    try:
        if channel == "sms":
            sender.send_sms(to, body)
        else:
            sender.send_email(to, subject, body)
    except Exception:
        logger.exception("sending a %s message failed", channel)
        return False
    return True
