"""Role checks for views. Business visibility lives in QuerySets (``visible_to(user)``)."""

from functools import wraps

from django.core.exceptions import PermissionDenied


def role_required(*roles):
    """Allow the view only to users holding one of ``roles`` in an active membership."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated or not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
