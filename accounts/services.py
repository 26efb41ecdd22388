"""Account operations: password changes, resets and unlocks."""

import datetime

from axes.models import AccessAttempt
from axes.utils import reset as reset_lockout
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User


def change_password(*, user: User, new_password: str) -> None:
    user.set_password(new_password)
    user.uses_initial_password = False
    user.must_change_password = False
    user.save(
        update_fields=["password", "uses_initial_password", "must_change_password"]
    )


@transaction.atomic
def reset_to_initial_password(*, user: User) -> None:
    """The county admin's reset: back to the ID-number password, and unlocked."""
    user.reset_to_initial_password()
    user.save(
        update_fields=["password", "uses_initial_password", "must_change_password"]
    )
    unlock(user=user)


def unlock(*, user: User) -> None:
    reset_lockout(username=user.username)


def locked_usernames(usernames) -> set[str]:
    """Which of these accounts are locked now (one query)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return set(
        AccessAttempt.objects.filter(
            username__in=list(usernames),
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=since,
        ).values_list("username", flat=True)
    )


def is_locked(user: User) -> bool:
    return user.username in locked_usernames([user.username])


def lock_expires_at(user: User) -> datetime.datetime | None:
    attempt = (
        AccessAttempt.objects.filter(
            username=user.username,
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        )
        .order_by("-attempt_time")
        .first()
    )
    if attempt is None:
        return None
    expires = attempt.attempt_time + settings.AXES_COOLOFF_TIME
    return expires if expires > timezone.now() else None


def contact_of(user: User, channel: str) -> str:
    """Where one-time codes for this user go: the profile's phone or e-mail."""
    profile = getattr(user, "teacher", None) if user.is_teacher else None
    if channel == "sms":
        return (profile.phone if profile else user.phone) or ""
    return (profile.email if profile else user.email) or ""
