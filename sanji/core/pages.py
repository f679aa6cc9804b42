"""What every app's pages share: run one service, and on a refusal draw the page again with what was typed."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header

from .errors import NotFound, SanjiError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    # RFC 6266: an ASCII name as is, any other as filename*=UTF-8'' (never a header browsers cannot read).
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
