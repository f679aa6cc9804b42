"""Printed documents of property management, drawn from HTML templates by WeasyPrint.

WeasyPrint finds fonts through fontconfig and embeds the glyphs it uses, so a server that prints needs a Chinese
font installed (Debian: ``fonts-noto-cjk`` or ``fonts-wqy-microhei``); without one, Chinese prints as boxes.
Nothing is fetched over the network: the templates use no outside resource.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from sanji.core import clock

from .presenters import arithmetic


def result_notice_pdf(vote, **options) -> bytes:
    """Return the result notice of a counted owners' vote, with its full arithmetic, as PDF bytes.

    ``options`` go to WeasyPrint's ``write_pdf`` (the tests ask for ``uncompressed_pdf`` to read the fonts).
    """
    from weasyprint import HTML

    html = render_to_string("property/print/result_notice.html", {
        "vote": vote,
        "result": vote.result,
        "lines": arithmetic(vote.result),
        "printed": timezone.localtime(clock.now()),
    })
    return HTML(string=html, base_url=None).write_pdf(**options)
