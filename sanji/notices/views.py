"""The inbox page: a person's own notices."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from sanji.core.inputs import parse_id

from . import selectors, services
from .messages import render as render_notice


@login_required
def inbox(request):
    page = Paginator(selectors.inbox(request.user), 20).get_page(request.GET.get("page"))
    items = [{"notice": n, "text": render_notice(n.kind, n.params)} for n in page]
    newest = selectors.inbox(request.user).order_by("-pk").values_list("pk", flat=True).first()
    return render(request, "notices/inbox.html", {"page": page, "items": items, "newest_id": newest})


@login_required
@require_POST
def mark_read(request):
    raw, up_to = request.POST.get("notice"), request.POST.get("up_to")
    notice_id = parse_id(raw) if raw is not None else None
    up_to_id = parse_id(up_to) if up_to is not None else None
    if (raw is not None and notice_id is None) or (up_to is not None and up_to_id is None):
        raise Http404
    services.inbox_mark_read(user=request.user, notice_id=notice_id, up_to_id=up_to_id)
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure())
    return redirect(target if target and safe else "notices:inbox")
