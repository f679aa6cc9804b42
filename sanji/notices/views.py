"""The inbox page: a person's own notices."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sanji.core.inputs import parse_id

from . import selectors, services
from .messages import render as render_notice


@login_required
def inbox(request):
    page = Paginator(selectors.inbox(request.user), 20).get_page(request.GET.get("page"))
    items = [{"notice": n, "text": render_notice(n.kind, n.params)} for n in page]
    return render(request, "notices/inbox.html", {"page": page, "items": items})


@login_required
@require_POST
def mark_read(request):
    raw = request.POST.get("notice")
    notice_id = parse_id(raw) if raw is not None else None
    if raw is not None and notice_id is None:
        raise Http404
    services.inbox_mark_read(user=request.user, notice_id=notice_id)
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else "notices:inbox")
