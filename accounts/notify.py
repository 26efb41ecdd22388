"""Notifications: a row in the platform, and optionally an SMS or e-mail."""

from accounts import senders
from accounts.models import Notification, User
from accounts.services import contact_of


def notify(
    *, user: User, title: str, body: str = "", link: str = "", by_message: bool = False
) -> Notification:
    """Store a notification; with `by_message`, also send it by SMS (or e-mail)."""
    notification = Notification.objects.create(
        user=user, title=title, body=body, link=link
    )
    if by_message:
        text = f"【河北省教师培训平台】{title}。{body}"
        if phone := contact_of(user, "sms"):
            senders.send("sms", phone, title, text)
        elif email := contact_of(user, "email"):
            senders.send("email", email, title, text)
    return notification


def notify_many(*, users, title: str, body: str = "", link: str = "") -> int:
    """Store the same notification for many users in one insert."""
    rows = [Notification(user=u, title=title, body=body, link=link) for u in users]
    Notification.objects.bulk_create(rows)
    return len(rows)
