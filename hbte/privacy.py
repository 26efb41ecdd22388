"""Masking of personal data for lists and exports (DESIGN.md section 12)."""


def mask_id_number(value: str) -> str:
    """130102********123X: the address code and the last four stay."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """138****1234."""
    if not value:
        return ""
    if len(value) < 8:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_email(value: str) -> str:
    if not value or "@" not in value:
        return value or ""
    name, _, domain = value.partition("@")
    return f"{name[:2]}***@{domain}"
