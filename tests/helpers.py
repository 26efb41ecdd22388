from captcha.models import CaptchaStore
from django.urls import reverse


def captcha_fields() -> dict:
    """A fresh captcha and its right answer, as the login form posts them."""
    hashkey = CaptchaStore.generate_key()
    answer = CaptchaStore.objects.get(hashkey=hashkey).response
    return {"captcha_0": hashkey, "captcha_1": answer}


def post_login(client, username, password, *, captcha=None, **extra):
    data = {"username": username, "password": password}
    data.update(captcha if captcha is not None else captcha_fields())
    return client.post(reverse("accounts:login"), data, **extra)
