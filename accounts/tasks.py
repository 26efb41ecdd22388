"""Messages sent by the task worker, so a page that moves thousands of
enrollments does not wait on the SMS gateway."""

import logging

from django_tasks import task

from accounts import senders
from accounts.models import User
from accounts.services import contact_of

logger = logging.getLogger(__name__)


@task()
def send_messages(user_ids: list[int], title: str, text: str) -> int:
    """Send one text to each user's phone (or e-mail); returns how many went."""
    users = User.objects.filter(pk__in=user_ids).select_related("teacher")
    sent = 0
    for user in users:
        try:
            sent += _send_one(user, title, text)
        except Exception:
            # One teacher's failed message must not stop the others'.
            logger.exception("Message to user %s failed", user.pk)
    if sent < len(user_ids):
        logger.warning("sent %s of %s messages", sent, len(user_ids))
    return sent


def _send_one(user: User, title: str, text: str) -> bool:
    if phone := contact_of(user, "sms"):
        return senders.send("sms", phone, title, text)
    if email := contact_of(user, "email"):
        return senders.send("email", email, title, text)
    return False
