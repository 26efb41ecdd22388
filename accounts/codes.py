"""One-time verification codes, kept hashed in the cache for a short time."""

import secrets

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts import senders


def _key(purpose: str, target: str) -> str:
    digest = salted_hmac("hbte.codes.key", f"{purpose}:{target}").hexdigest()
    return f"hbte:code:{digest}"


def _digest(code: str) -> str:
    return salted_hmac("hbte.codes.value", code).hexdigest()


def issue_code(*, purpose: str, channel: str, to: str, subject: str) -> bool:
    """Create a six-digit code for (purpose, to) and send it; False if unsent."""
    code = f"{secrets.randbelow(10**6):06d}"
    ttl = int(settings.HBTE_CODE_TTL.total_seconds())
    cache.set(_key(purpose, to), {"digest": _digest(code), "attempts": 0}, ttl)
    minutes = ttl // 60
    body = (
        f"【河北省教师培训平台】您的验证码为 {code}，{minutes} 分钟内有效。"
        "如非本人操作，请忽略。"
    )
    return senders.send(channel, to, subject, body)


def check_code(*, purpose: str, to: str, code: str) -> bool:
    """True once for the right code; wrong tries are counted and then void it."""
    key = _key(purpose, to)
    entry = cache.get(key)
    if entry is None:
        return False
    if constant_time_compare(entry["digest"], _digest((code or "").strip())):
        cache.delete(key)
        return True
    entry["attempts"] += 1
    if entry["attempts"] >= settings.HBTE_CODE_MAX_ATTEMPTS:
        cache.delete(key)
    else:
        cache.set(key, entry, int(settings.HBTE_CODE_TTL.total_seconds()))
    return False
