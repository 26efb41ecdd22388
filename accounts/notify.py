"""Notifications: a row in the platform, and optionally an SMS or e-mail.

The SMS or e-mail goes through the task worker (`accounts.tasks`); the row is
written at once, in the caller's transaction.
"""

from collections.abc import Mapping

from accounts import tasks
from accounts.models import Notification, User


def notify(
    *, user: User, title: str, body: str = "", link: str = "", by_message: bool = False
) -> Notification:
    """Store a notification; with `by_message`, also send it by SMS (or e-mail)."""
    notification = Notification.objects.create(
        user=user, title=title, body=body, link=link
    )
    if by_message:
        _send_later([user.pk], title, body)
    return notification


def notify_many(
    *,
    users,
    title: str,
    body: str = "",
    link: str = "",
    links: Mapping[int, str] | None = None,
    by_message: bool = False,
) -> int:
    """Store the same notification for many users in one insert; with
    `by_message`, one task sends it to each of them. `links` gives some users
    (by pk) a link of their own instead of `link`."""
    links = links or {}
    rows = [
        Notification(user=u, title=title, body=body, link=links.get(u.pk, link))
        for u in users
    ]
    Notification.objects.bulk_create(rows)
    if by_message and rows:
        _send_later([row.user_id for row in rows], title, body)
    return len(rows)


def _send_later(user_ids: list[int], title: str, body: str) -> None:
    text = f"【河北省教师培训平台】{title}。{body}"
    tasks.send_messages.enqueue(user_ids, title, text)
