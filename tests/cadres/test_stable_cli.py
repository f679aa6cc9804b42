"""``sanji stable-match FILE``: an instance in as one JSON document, the placement out as one JSON line; bad input
exits 2 with one line.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from sanji.cadres.stable_cli import run

ROOT = Path(__file__).resolve().parents[2]

INSTANCE = {
    "cadres": [
        {"id": "李明", "prefs": ["东坝村", "西坝村"], "name": "ignored"},
        {"id": "王芳", "prefs": ["西坝村", "东坝村"]},
        {"id": "张伟", "prefs": ["东坝村"]},
    ],
    "communities": [
        {"id": "东坝村", "capacity": 1, "prefs": ["王芳", "李明", "张伟"]},
        {"id": "西坝村", "capacity": 1, "prefs": ["李明", "王芳"]},
        {"id": "南坝村", "capacity": 0, "prefs": []},
    ],
    "optimal": "cadre",
}


def cli(text: str | bytes, argv=("-",), language="en"):
    out, err = io.StringIO(), io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO(text if isinstance(text, bytes) else text.encode()), encoding="utf-8")
    with translation.override(language):
        status = run(list(argv), stdin, out, err)
    return status, out.getvalue(), err.getvalue()


def document(**changes) -> str:
    return json.dumps({**INSTANCE, **changes}, ensure_ascii=False)


def cadre(position, **changes) -> str:
    cadres = [dict(item) for item in INSTANCE["cadres"]]
    cadres[position].update(changes)
    return document(cadres=cadres)


def community(position, **changes) -> str:
    communities = [dict(item) for item in INSTANCE["communities"]]
    communities[position].update(changes)
    return document(communities=communities)


def test_the_cadre_optimal_placement_is_one_line_of_json():
    status, out, err = cli(document())
    assert (status, err) == (0, "") and out.endswith("\n") and out.count("\n") == 1
    assert json.loads(out) == {
        "matching": [{"cadre": "李明", "community": "东坝村"}, {"cadre": "王芳", "community": "西坝村"}],
        "unmatched": ["张伟"],
    }
    assert "李明" in out  # printed as is, not as \\u escapes


def test_the_community_optimal_placement_favours_the_communities():
    status, out, err = cli(document(optimal="community"))
    assert (status, err) == (0, "")
    assert json.loads(out) == {
        "matching": [{"cadre": "李明", "community": "西坝村"}, {"cadre": "王芳", "community": "东坝村"}],
        "unmatched": ["张伟"],
    }


def test_the_matching_follows_the_cadres_input_order():
    status, out, _err = cli(document(cadres=INSTANCE["cadres"][::-1]))
    assert status == 0 and [pair["cadre"] for pair in json.loads(out)["matching"]] == ["王芳", "李明"]


def test_an_entry_listed_by_one_side_only_is_not_an_error():
    status, out, err = cli(cadre(2, prefs=["西坝村", "东坝村"]))  # 西坝村 does not list 张伟
    assert (status, err) == (0, "") and json.loads(out)["unmatched"] == ["张伟"]


def test_an_empty_instance_places_nobody():
    assert cli('{"cadres": [], "communities": [], "optimal": "community"}') == (
        0, '{"matching": [], "unmatched": []}\n', ""
    )


def test_a_file_with_a_byte_order_mark_and_windows_line_ends(tmp_path):
    path = tmp_path / "instance.json"
    text = json.dumps(INSTANCE, indent=2, ensure_ascii=False).replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    status, out, err = cli("", argv=[str(path)])
    assert (status, err) == (0, "") and json.loads(out)["unmatched"] == ["张伟"]


BAD_INPUTS = [
    ("", "The input is not valid JSON: the problem is at line 1, column 1."),
    ('{"cadres": [],\n "communities": [}', "The input is not valid JSON: the problem is at line 2, column 18."),
    ("[" * 100_000, "The input is nested too deeply to be read."),
    ('{"cadres": [], "communities": [], "optimal": 1' + "1" * 5000 + "}", "The input holds a number too long to read."),
    ("[1, 2]", 'The input must be a JSON object with "cadres", "communities" and "optimal", not a list.'),
    ("null", 'The input must be a JSON object with "cadres", "communities" and "optimal", not null.'),
    ('{"communities": [], "optimal": "cadre"}', 'Missing key "cadres" at the top level.'),
    ('{"cadres": [], "optimal": "cadre"}', 'Missing key "communities" at the top level.'),
    ('{"cadres": [], "communities": []}', 'Missing key "optimal" at the top level.'),
    (document(cadres={}), '"cadres" must be a list, not an object.'),
    (document(communities="东坝村"), '"communities" must be a list, not "东坝村".'),
    (document(optimal="cadres"), '"optimal" must be "cadre" or "community", not "cadres".'),
    (document(optimal=None), '"optimal" must be "cadre" or "community", not null.'),
    (document(cadres=[["李明", ["东坝村"]]]), "cadres[0] must be an object, not a list."),
    (document(communities=[None]), "communities[0] must be an object, not null."),
    (document(cadres=[{"prefs": []}]), 'cadres[0]: missing key "id".'),
    (document(cadres=[{"id": "x"}]), 'cadres[0]: missing key "prefs".'),
    (document(communities=[{"id": "东坝村", "prefs": []}]), 'communities[0]: missing key "capacity".'),
    (cadre(1, id=7), "cadres[1].id: the id must be a string, not 7."),
    (community(0, id=["东坝村"]), "communities[0].id: the id must be a string, not a list."),
    (cadre(2, id="李明"), 'cadres[2].id: the id "李明" is already used by cadres[0].'),
    (community(2, id="东坝村"), 'communities[2].id: the id "东坝村" is already used by communities[0].'),
    (cadre(1, id="SURROGATE").replace("SURROGATE", "\\ud800"),
     'cadres[1]: "id" holds a lone surrogate escape (\\ud800 to \\udfff).'),
    (cadre(1, prefs="西坝村"), 'cadres[1].prefs must be a list of ids, not "西坝村".'),
    (community(0, prefs=None), "communities[0].prefs must be a list of ids, not null."),
    (cadre(1, prefs=["西坝村", 3]), "cadres[1].prefs[1]: the id must be a string, not 3."),
    (cadre(1, prefs=["西坝村", {"id": "东坝村"}]), "cadres[1].prefs[1]: the id must be a string, not an object."),
    (cadre(1, prefs=["西坝村", "西坝村"]), 'cadres[1].prefs[1]: "西坝村" is already listed at cadres[1].prefs[0].'),
    (community(1, prefs=["李明", "王芳", "李明"]),
     'communities[1].prefs[2]: "李明" is already listed at communities[1].prefs[0].'),
    (cadre(0, prefs=["东坝村", "北坝村"]),
     'cadres[0].prefs[1]: cadre "李明" lists community "北坝村", which is not among the communities.'),
    (community(1, prefs=["李明", "赵六"]),
     'communities[1].prefs[1]: community "西坝村" lists cadre "赵六", which is not among the cadres.'),
    (cadre(0, prefs=["SURROGATE"]).replace("SURROGATE", "\\udfff"),
     'cadres[0].prefs[0]: cadre "李明" lists community "\\udfff", which is not among the communities.'),
    (community(0, capacity=-1), "communities[0].capacity: the capacity must not be negative."),
    (community(0, capacity=1.5), "communities[0].capacity: the capacity must be a whole number, not 1.5."),
    (community(0, capacity=1.0), "communities[0].capacity: the capacity must be a whole number, not 1.0."),
    (community(0, capacity=True), "communities[0].capacity: the capacity must be a whole number, not true."),
    (community(0, capacity="1"), 'communities[0].capacity: the capacity must be a whole number, not "1".'),
    (document().replace('"capacity": 0', '"capacity": NaN'),
     "communities[2].capacity: the capacity must be a whole number, not NaN."),
]


@pytest.mark.parametrize("text, message", BAD_INPUTS, ids=[case[1][:60] for case in BAD_INPUTS])
def test_bad_input_exits_2_with_one_line_naming_the_problem(text, message):
    status, out, err = cli(text)
    assert (status, out) == (2, "")
    assert err == message + "\n", err


@pytest.mark.parametrize("argv, message", [
    ([], "Usage: sanji stable-match FILE (or - to read standard input)."),
    (["a", "b"], "Usage: sanji stable-match FILE (or - to read standard input)."),
    (["/nonexistent/instance.json"], 'There is no file "/nonexistent/instance.json".'),
    (["/"], '"/" is a folder, not a file.'),
])
def test_bad_arguments_and_unreadable_files_exit_2(argv, message):
    assert cli(document(), argv=argv) == (2, "", message + "\n")


def test_a_file_that_is_not_utf8_exits_2(tmp_path):
    path = tmp_path / "instance.json"
    path.write_bytes(document().encode("gbk"))
    assert cli("", argv=[str(path)]) == (2, "", "The input is not UTF-8 text.\n")


def test_standard_input_that_is_not_utf8_exits_2():
    assert cli(document().encode("utf-16")) == (2, "", "The input is not UTF-8 text.\n")


def test_a_closed_pipe_is_not_an_error():
    class Closed(io.StringIO):
        def write(self, text):
            raise BrokenPipeError

    stdin = io.TextIOWrapper(io.BytesIO(document().encode()), encoding="utf-8")
    err = io.StringIO()
    saved = os.dup(1)  # run() points descriptor 1 at /dev/null so that the interpreter's exit stays quiet
    try:
        assert run(["-"], stdin, Closed(), err) == 0 and err.getvalue() == ""
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def test_the_management_command_reads_a_file(tmp_path):
    path = tmp_path / "instance.json"
    path.write_text(document(), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("stable-match", str(path), stdout=out, stderr=err)
    assert json.loads(out.getvalue())["unmatched"] == ["张伟"] and err.getvalue() == ""


def test_the_management_command_exits_2_on_bad_input(tmp_path):
    path = tmp_path / "instance.json"
    path.write_text(document(optimal="both"), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"), pytest.raises(SystemExit) as stopped:
        call_command("stable-match", str(path), stdout=out, stderr=err)
    assert stopped.value.code == 2 and out.getvalue() == ""
    assert err.getvalue() == '"optimal" must be "cadre" or "community", not "both".\n'


def sanji(*args, stdin=""):
    """Run the installed ``sanji stable-match`` (in the project's language, Chinese: messages may be translated)."""
    return subprocess.run([str(ROOT / ".venv" / "bin" / "sanji"), "stable-match", *args], input=stdin,
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_the_installed_command_reads_standard_input():
    done = sanji("-", stdin=document(optimal="community"))
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout)["matching"][0] == {"cadre": "李明", "community": "西坝村"}


def test_the_installed_command_reads_a_file_and_refuses_in_one_line(tmp_path):
    path = tmp_path / "instance.json"
    path.write_text(community(1, prefs=["李明", "赵六"]), encoding="utf-8")
    done = sanji(str(path))
    assert done.returncode == 2 and done.stdout == "" and done.stderr.count("\n") == 1, done.stderr
    assert "communities[1].prefs[1]" in done.stderr and "赵六" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [(), ("--no-such-option", "-")])
def test_the_installed_command_answers_a_wrong_call_with_its_usage_line(args):
    done = sanji(*args)
    assert done.returncode == 2 and done.stdout == "" and done.stderr.count("\n") == 1, done.stderr
    assert "sanji stable-match" in done.stderr


def test_the_module_runs_without_the_sanji_command_and_refuses_in_one_line():
    done = subprocess.run([sys.executable, "-m", "sanji.cadres.stable_cli", "-"], input="{", capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 2 and done.stdout == "" and done.stderr.count("\n") == 1, done.stderr
