from hbte import menus


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "top_nav": menus.TOP_NAV,
        "space_menu": menus.SPACE_MENU,
        "admin_menu": menus.admin_menu(user) if user else (),
        "current_url_name": _current_url_name(request),
        "unread_notifications": _unread(user),
    }


def _unread(user):
    if not user or not user.is_authenticated:
        return 0
    return user.notifications.filter(read_at__isnull=True).count()


def _current_url_name(request):
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else ""
