"""``sanji classes FILE``: wishes in as JSON lines, their classes out as JSON lines; bad input exits 2."""

import io
import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from sanji.classes.cli import run

from .helpers import LONERS, TUTORING, WHEELCHAIR

ROOT = Path(__file__).resolve().parents[2]


def cli(text: str, argv=("-",)):
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        status = run(list(argv), io.StringIO(text), out, err)
    return status, out.getvalue(), err.getvalue()


def lines(*items) -> str:
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)


def test_each_wish_gets_its_class_in_the_same_order():
    texts = [*WHEELCHAIR, *TUTORING, *LONERS]
    ids = ["w1", 2, "w3", 4, "w5", 6, "w7", 8]
    status, out, err = cli(lines(*({"id": i, "text": t, "extra": "ignored"} for i, t in zip(ids, texts, strict=True))))
    assert (status, err) == (0, "")
    found = [json.loads(line) for line in out.splitlines()]
    assert [item["id"] for item in found] == ids  # strings stay strings, numbers numbers
    assert all(set(item) == {"id", "class", "label"} for item in found)
    assert len({item["class"] for item in found[:3]}) == 1 and set(found[0]["label"].split()) == {"轮椅", "维修"}
    assert len({item["class"] for item in found[3:6]}) == 1 and found[3]["class"] != found[0]["class"]
    assert len({item["class"] for item in found}) == 4


def test_identical_texts_share_a_class_wherever_they_stand():
    status, out, _err = cli(lines({"id": 1, "text": "楼道灯坏了"}, {"id": 2, "text": "想学用智能手机"},
                                  {"id": 3, "text": "楼道灯坏了"}))
    found = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and len(found) == 3 and found[0]["class"] == found[2]["class"] != found[1]["class"]


def test_an_empty_input_prints_nothing():
    assert cli("") == (0, "", "")


def test_a_file_with_a_byte_order_mark_and_windows_line_ends(tmp_path):
    path = tmp_path / "wishes.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + lines({"id": "a", "text": "轮椅坏了"}, {"id": "b", "text": "轮椅坏了"})
                     .replace("\n", "\r\n").encode())
    status, out, err = cli("", argv=[str(path)])
    assert (status, err) == (0, "") and [json.loads(line)["id"] for line in out.splitlines()] == ["a", "b"]


GOOD = '{"id": 1, "text": "轮椅坏了"}\n'

BAD_LINES = [
    ("not json", "Line 2 is not valid JSON: the problem is at column 1."),
    ('{"id": 2, "text": "x"', "Line 2 is not valid JSON"),
    ("[1, 2]", 'Line 2 must be a JSON object with "id" and "text".'),
    ('"轮椅坏了"', 'Line 2 must be a JSON object with "id" and "text".'),
    ('{"text": "轮椅坏了"}', 'Line 2: missing key "id".'),
    ('{"id": 2}', 'Line 2: missing key "text".'),
    ('{"id": true, "text": "x"}', 'Line 2: "id" must be a string or a whole number, not true.'),
    ('{"id": 2.5, "text": "x"}', 'Line 2: "id" must be a string or a whole number, not 2.5.'),
    ('{"id": [2], "text": "x"}', 'Line 2: "id" must be a string or a whole number, not a list.'),
    ('{"id": null, "text": "x"}', 'Line 2: "id" must be a string or a whole number, not null.'),
    ('{"id": 2, "text": 5}', 'Line 2: "text" must be a string, not 5.'),
    ('{"id": 2, "text": null}', 'Line 2: "text" must be a string, not null.'),
    ('{"id": 2, "text": {"a": 1}}', 'Line 2: "text" must be a string, not an object.'),
    ("", "Line 2 is empty; each line must be one wish."),
    ("   ", "Line 2 is empty; each line must be one wish."),
    ("[" * 100_000, "Line 2 is nested too deeply to be read."),
]


@pytest.mark.parametrize("line, message", BAD_LINES)
def test_a_bad_line_exits_2_with_one_line_naming_it(line, message):
    status, out, err = cli(GOOD + line + "\n" + GOOD)
    assert (status, out) == (2, "")
    assert err.endswith("\n") and err.count("\n") == 1 and message in err, err
    assert "Traceback" not in err


@pytest.mark.parametrize("argv, message", [
    ([], "Usage: sanji classes FILE"),
    (["a", "b"], "Usage: sanji classes FILE"),
    (["/nonexistent/wishes.jsonl"], 'There is no file "/nonexistent/wishes.jsonl".'),
    (["/"], '"/" is a folder, not a file.'),
])
def test_bad_arguments_and_unreadable_files_exit_2(argv, message):
    status, out, err = cli(GOOD, argv=argv)
    assert (status, out) == (2, "") and err.count("\n") == 1 and message in err, err


def test_a_file_that_is_not_utf8_exits_2(tmp_path):
    path = tmp_path / "wishes.jsonl"
    path.write_bytes('{"id": 1, "text": "轮椅坏了"}\n'.encode("gbk"))
    status, out, err = cli("", argv=[str(path)])
    assert (status, out, err) == (2, "", "The input is not UTF-8 text.\n")


def test_the_management_command_reads_a_file(tmp_path):
    path = tmp_path / "wishes.jsonl"
    path.write_text(GOOD + GOOD.replace("1", "2"), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("classes", str(path), stdout=out, stderr=err)
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == [1, 2] and err.getvalue() == ""


def test_the_installed_command_reads_standard_input():
    text = lines({"id": "a", "text": WHEELCHAIR[0]}, {"id": 2, "text": WHEELCHAIR[0]}, {"id": "c", "text": LONERS[0]})
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "sanji"), "classes", "-"], input=text, capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    found = [json.loads(line) for line in done.stdout.splitlines()]
    assert [item["id"] for item in found] == ["a", 2, "c"] and found[0]["class"] == found[1]["class"]
