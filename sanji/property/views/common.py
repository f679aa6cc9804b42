"""What the property pages share: the gate, and running one service with the page kept on refusal."""

import rules
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from sanji.core.errors import NotFound, SanjiError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def gate(request) -> None:
    """Let in only people who run property work; to anyone else the pages do not exist."""
    if not rules.has_perm("property.view_property", request.user):
        raise NotFound()


def act(request, call, *, done: str, page, to=None):
    """Run ``call()``; on success say ``done`` and go to ``to`` (or what ``call`` returned); on a refusal draw
    ``page(error=..., values=request.POST)`` again so nothing typed is lost."""
    try:
        result = call()
    except NotFound:
        raise
    except SanjiError as error:
        response = page(error=error, values=request.POST)
        response.status_code = error.status
        return response
    messages.success(request, done)
    return redirect(to or result)


def download(content: bytes, filename: str, content_type: str = XLSX) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
