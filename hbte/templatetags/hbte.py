from django import template

from hbte import privacy

register = template.Library()

register.filter("mask_id", privacy.mask_id_number)
register.filter("mask_phone", privacy.mask_phone)
register.filter("mask_email", privacy.mask_email)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagination)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()
