"""``sanji moderate FILE``: texts in as JSON lines, verdicts out as JSON lines in the same order; bad input exits 2
with one line on standard error and nothing on standard output."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from sanji.moderation.cli import run

ROOT = Path(__file__).resolve().parents[2]
SPAM = "澳门新葡京 线上娱乐 官网 www.xpj888.com 加微信 xpj6688"
WISH = "家里水龙头漏水，想请人帮忙换一个，电话13806421234（儿子）"


def cli(text: str | bytes, argv=("-",)):
    out, err = io.StringIO(), io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO(text if isinstance(text, bytes) else text.encode()), encoding="utf-8")
    with translation.override("en"):
        status = run(list(argv), stdin, out, err)
    return status, out.getvalue(), err.getvalue()


def lines(*items) -> str:
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)


def test_each_text_gets_its_verdict_in_the_same_order():
    status, out, err = cli(lines({"id": "w1", "text": WISH, "other": 1}, {"id": 2, "text": SPAM},
                                 {"text": "物业那个经理就是个傻逼"}))
    assert (status, err) == (0, "")
    assert [json.loads(line) for line in out.splitlines()] == [
        {"id": "w1", "verdict": "ok", "reasons": []},
        {"id": 2, "verdict": "spam", "reasons": ["gambling", "advert", "contact_ad", "url"]},
        {"verdict": "review", "reasons": ["insult"]},
    ]


def test_any_json_id_comes_back_as_it_was_written():
    ids = ['"a"', "7", "1.10", "-0.5e3", "null", "true", '[1, 2.50, {"k": "值"}]', '{"x": [null]}']
    status, out, _err = cli("".join('{"id": ' + item + ', "text": "你好"}\n' for item in ids))
    assert status == 0
    assert [line.split(', "verdict"')[0].removeprefix('{"id": ') for line in out.splitlines()] == [
        '"a"', "7", "1.10", "-5E+2", "null", "true", '[1, 2.50, {"k": "值"}]', '{"x": [null]}']  # -0.5e3: same value
    assert all(json.loads(line)["verdict"] == "ok" for line in out.splitlines())


def test_an_empty_input_prints_nothing():
    assert cli("") == (0, "", "")


def test_a_file_with_a_byte_order_mark_and_windows_line_ends(tmp_path):
    path = tmp_path / "texts.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + lines({"id": "a", "text": WISH}, {"id": "b", "text": SPAM})
                     .replace("\n", "\r\n").encode())
    status, out, err = cli("", argv=[str(path)])
    assert (status, err) == (0, "")
    assert [json.loads(line)["verdict"] for line in out.splitlines()] == ["ok", "spam"]


@pytest.mark.parametrize(("given", "message"), [
    (b'{"text": "ok"}\nnot json\n', "Line 2 is not valid JSON: the problem is at column 1."),
    (b'{"text": "ok"}\n[1, 2]\n', 'Line 2 must be a JSON object with a "text" key.'),
    (b'{"id": 1}\n', 'Line 1: missing key "text".'),
    (b'{"text": 5}\n', 'Line 1: "text" must be a string, not 5.'),
    (b'{"text": null}\n', 'Line 1: "text" must be a string, not null.'),
    (b'{"text": "ok"}\n\n{"text": "ok"}\n', "Line 2 is empty; each line must be one JSON object."),
    (b'{"text": "ok"}\n{"text": "\xff"}\n', "Line 2 is not UTF-8 text."),
    (b'{"text": "ok", "id": NaN}\n', "Line 1 is not valid JSON: NaN and Infinity are not JSON numbers."),
    (b'{"text": "\\ud800"}\n', 'Line 1: "text" holds a lone surrogate escape (\\ud800 to \\udfff).'),
    (b'{"text": "ok", "id": ["\\udfff"]}\n', 'Line 1: "id" holds a lone surrogate escape (\\ud800 to \\udfff).'),
    (b'{"text": "ok", "id": ' + b"[" * 70 + b"]" * 70 + b"}\n", 'Line 1: "id" is nested more than 64 levels deep.'),
    (b'{"text": "ok", "id": ' + b"[" * 100000 + b"]" * 100000 + b"}\n", "Line 1 is nested too deeply to be read."),
    (b'{"text": "ok", "id": 1' + b"0" * 5000 + b"}\n", "Line 1 holds a number too long to read."),
])
def test_bad_input_exits_2_with_one_line_and_prints_nothing(given, message):
    assert cli(given) == (2, "", message + "\n")


def test_a_missing_file_a_folder_and_a_bad_usage(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    assert cli("", argv=["nope.jsonl"]) == (2, "", 'There is no file "nope.jsonl".\n')
    assert cli("", argv=["folder"]) == (2, "", '"folder" is a folder, not a file.\n')
    usage = "Usage: sanji moderate FILE (or - to read standard input).\n"
    assert cli("", argv=[]) == (2, "", usage)
    assert cli("", argv=["a", "b"]) == (2, "", usage)


def test_the_management_command(tmp_path):
    path = tmp_path / "texts.jsonl"
    path.write_text(lines({"id": 1, "text": SPAM}, {"text": WISH}), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("moderate", str(path), stdout=out, stderr=err)
    assert [json.loads(line)["verdict"] for line in out.getvalue().splitlines()] == ["spam", "ok"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text("[]\n", encoding="utf-8")
    with translation.override("en"), pytest.raises(SystemExit) as stopped:
        call_command("moderate", str(bad), stdout=out, stderr=err)
    assert stopped.value.code == 2


def test_the_sanji_command_refuses_bad_standard_input_with_status_2():
    given = lines({"text": SPAM}) + "oops\n"  # a good line first: nothing is written until all is read
    done = subprocess.run([sys.executable, "-m", "sanji.cli", "moderate", "-"], input=given.encode(),
                          capture_output=True, cwd=ROOT, timeout=300)
    assert done.returncode == 2 and done.stdout == b"" and len(done.stderr.decode().splitlines()) == 1
