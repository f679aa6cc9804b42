"""The Content-Security-Policy: sent with every page, and no page needs inline script, eval or inline style."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import fresh

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR) / "sanji"
TEMPLATES = sorted(ROOT.rglob("templates/**/*.html"))
#: Rendered to PDF by WeasyPrint on the server, never sent to a browser: their <style> is not under the CSP.
PRINTED = [path for path in TEMPLATES if "print" in path.parts]

SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
HANDLER = re.compile(r"<[a-zA-Z][^>]*?\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*?\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
#: htmx features that run text as JavaScript (refused anyway with allowEval false)
HTMX_EVAL = re.compile(r"""hx-on|hx-vars|hx-vals\s*=\s*["']\s*(js|javascript):|hx-trigger\s*=\s*["'][^"']*\[""")


def inline_code(html: str) -> list[str]:
    """Return what in ``html`` a CSP without 'unsafe-inline' and 'unsafe-eval' would refuse to run."""
    found = []
    for attributes in SCRIPT.findall(html):
        is_data = re.search(r"""type\s*=\s*["']?application/(ld\+)?json""", attributes, re.IGNORECASE)
        if "src=" not in attributes.replace(" ", "") and not is_data:
            found.append(f"<script{attributes}>")
    found += [m.group(0) for m in HANDLER.finditer(html)]
    found += [m.group(0) for m in JS_URL.finditer(html)]
    found += [m.group(0) for m in HTMX_EVAL.finditer(html)]
    return found


def inline_style(html: str) -> list[str]:
    return [m.group(0) for m in STYLE_ATTRIBUTE.finditer(html)] + [m.group(0) for m in STYLE_ELEMENT.finditer(html)]


def test_the_policy_is_strict():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"] and directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"] and directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"] and directives["connect-src"] == ["'self'"]
    flat = json.dumps(directives)
    assert "unsafe-inline" not in flat and "unsafe-eval" not in flat and "http" not in flat


def test_the_scan_finds_what_it_looks_for():
    assert inline_code('<script>alert(1)</script><button onclick="x()">') == ["<script>", '<button onclick=']
    assert inline_code('<a href="javascript:void(0)">') and inline_code('<div hx-on:click="x()">')
    assert inline_code('<input hx-trigger="keyup[key==\'Enter\']">')
    assert not inline_code('<script src="/static/a.js" defer></script><script type="application/json" id="x">')
    assert inline_style('<p style="color:red">') and inline_style("<style>p{}</style>")
    assert not inline_style('<p class="style">')


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script_or_style(path):
    text = path.read_text()
    assert inline_code(text) == []
    if path not in PRINTED:
        assert inline_style(text) == []


def test_the_printed_templates_have_no_script_at_all():
    assert PRINTED and all("<script" not in path.read_text().lower() for path in PRINTED)


def test_htmx_injects_no_style_and_evaluates_nothing():
    base = (ROOT / "templates" / "base.html").read_text()
    config = re.search(r"""<meta name="htmx-config" content='([^']*)'>""", base)
    assert json.loads(config.group(1)) == {"includeIndicatorStyles": False, "allowEval": False}
    css = (ROOT / "static" / "sanji" / "site.css").read_text()
    assert ".htmx-indicator {" in css and ".htmx-request .htmx-indicator" in css


def pages(world):
    """Return (client, path) pairs that between them render the main templates for each kind of visitor."""
    from tests.wishes.helpers import to_state

    wish = to_state(world, "claimed")
    anonymous = Client()
    resident, staff, district = Client(), Client(), Client()
    resident.force_login(fresh(world.resident_a))
    staff.force_login(fresh(world.staff_a))
    district.force_login(fresh(world.district_admin))
    return [
        (anonymous, "/"), (anonymous, "/board/"), (anonymous, "/accounts/login/"), (anonymous, "/no-such-page/"),
        (anonymous, "/api/v1/docs"),
        (resident, "/"), (resident, "/wishes/new/"), (resident, "/wishes/mine/"), (resident, f"/wishes/{wish.pk}/"),
        (staff, "/wishes/review/"), (staff, "/wishes/all/"), (staff, f"/wishes/{wish.pk}/"),
        (district, "/insights/"), (district, "/classes/"),
    ]


def test_every_main_page_sends_the_policy_and_runs_no_inline_code(world):
    for client, path in pages(world):
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, path
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy, path
        html = response.content.decode()
        assert inline_code(html) == [], path
        assert inline_style(html) == [], path


def test_the_api_docs_load_their_scripts_from_our_static_files(world):
    html = Client().get("/api/v1/docs").content.decode()
    sources = re.findall(r"""<script[^>]*\ssrc="([^"]+)""", html)
    assert sources and all(src.startswith("/static/") for src in sources)
