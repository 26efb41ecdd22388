from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from teachers.validators import clean_text


def normalize_login(username) -> str:
    """Account names as typed: ID numbers get an upper-case final X."""
    text = clean_text(username)
    if len(text) in (15, 18) and text[:-1].isdigit():
        return text.upper()
    return text


def lockout_username(request, credentials):
    """The name django-axes counts failures against: one counter per account."""
    return normalize_login((credentials or {}).get("username", ""))


class AccountBackend(ModelBackend):
    """Password login that also accepts a teacher's unhashed initial password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        username = normalize_login(username)
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist:
            # Run the hasher anyway so timing does not tell who exists.
            user_model().set_password(password)
            return None
        # A deactivated account with the right password is returned so that
        # the login form can say it is deactivated (confirm_login_allowed)
        # instead of counting a wrong password; sessions still refuse it.
        if user.uses_initial_password:
            return user if user.check_initial_password(password) else None
        return user if user.check_password(password) else None
