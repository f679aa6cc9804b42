"""The SVG charts of the printed report: well-formed, one line per series, labels escaped, gaps kept."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanji.insights.charts import bar_chart, line_chart, nice_ticks

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = ["2026-01", "2026-02", "2026-03", "2026-04"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def series_paths(root: ET.Element) -> list[ET.Element]:
    return [p for p in root.iter(f"{SVG}path") if p.get("class") == "series"]


def texts(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}text")]


def test_a_line_chart_draws_one_path_per_series_with_ticks_and_a_legend():
    root = parse(line_chart(MONTHS, [
        ("Response rate", [Decimal("50.0"), Decimal("75.0"), Decimal("100.0"), Decimal("87.5")]),
        ("Resolution rate", [Decimal(40), Decimal(60), Decimal(80), Decimal(90)]),
        ("Satisfaction rate", [Decimal(100)] * 4),
    ]))
    paths = series_paths(root)
    assert len(paths) == 3
    assert [p.find(f"{SVG}title").text for p in paths] == ["Response rate", "Resolution rate", "Satisfaction rate"]
    assert len({p.get("stroke-dasharray") for p in paths}) == 3  # apart in greyscale too
    assert all(p.get("d").count("M") == 1 and p.get("d").count("L") == 3 for p in paths)
    words = texts(root)
    assert {"0%", "20%", "40%", "60%", "80%", "100%"} <= set(words)
    assert set(MONTHS) <= set(words)
    assert {"Response rate", "Resolution rate", "Satisfaction rate"} <= set(words)
    assert root.get("width") == "170mm"


def test_a_value_at_the_top_and_one_at_the_bottom_sit_on_the_frame():
    root = parse(line_chart(["2026-01", "2026-02"], [("r", [Decimal(100), Decimal(0)])]))
    d = series_paths(root)[0].get("d")
    _x1, top, _x2, bottom = re.findall(r"[\d.]+", d)
    frame = root.find(f"{SVG}rect")
    assert float(top) == float(frame.get("y"))
    assert float(bottom) == float(frame.get("y")) + float(frame.get("height"))


def test_labels_are_escaped():
    svg = line_chart(["<i>1月</i>"], [("<b>&", [Decimal(1)])], title='"x" & y')
    assert "<b>" not in svg and "<i>" not in svg
    assert "&lt;b&gt;&amp;" in svg
    root = parse(svg)
    assert "<b>&" in texts(root) and "<i>1月</i>" in texts(root)
    assert root.find(f"{SVG}title").text == '"x" & y'
    bars = bar_chart(["<script>alert(1)</script>"], [3])
    assert "<script>" not in bars
    assert "<script>alert(1)</script>" in texts(parse(bars))


def test_a_missing_value_breaks_the_line_and_a_month_alone_keeps_its_marker():
    root = parse(line_chart(MONTHS, [
        ("r", [Decimal(10), None, Decimal(30), Decimal(40)]),
        ("s", [None, Decimal(20), None, None]),
        ("t", [None, None, None, None]),
    ]))
    r, s, t = (p.get("d") for p in series_paths(root))
    assert r.count("M") == 2 and r.count("L") == 1
    assert s.count("M") == 1 and "L" not in s
    assert t == ""
    markers = [*root.iter(f"{SVG}circle"), *root.iter(f"{SVG}rect"), *root.iter(f"{SVG}polygon")]
    assert len(markers) == 3 + 1 + 3 + 1  # r's and s's values, one marker per legend entry, the frame


def test_empty_charts_still_parse_and_say_there_is_nothing():
    for svg in (line_chart([], []), line_chart(MONTHS, [("r", [None] * 4)]), bar_chart([], [])):
        root = parse(svg)
        assert "No data" in texts(root)
    assert series_paths(parse(line_chart([], []))) == []
    assert not [r for r in parse(bar_chart([], [])).iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert "No data" not in texts(parse(line_chart(MONTHS, [("r", [None, Decimal(5), None, None])])))


def test_a_bar_chart_draws_one_bar_per_label_in_proportion():
    root = parse(bar_chart(["仰口路社区", "湛山一路社区", "八大峡社区"], [4, 0, 8]))
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert len(bars) == 3
    widths = [float(b.get("width")) for b in bars]
    assert widths[1] == 0 and widths[2] == pytest.approx(2 * widths[0])
    words = texts(root)
    assert {"仰口路社区", "4", "0", "8"} <= set(words)
    assert {"0", "2", "4", "6", "8"} <= set(words)  # whole-number ticks for counts


def test_a_long_label_is_cut():
    root = parse(bar_chart(["很长的名字" * 20], [1]))
    label = texts(root)[-2]
    assert label.endswith("…") and len(label) < 40


def test_the_same_figures_draw_the_same_chart():
    args = (MONTHS, [("r", [Decimal("33.3"), None, Decimal(1), Decimal("66.7")])])
    assert line_chart(*args) == line_chart(*args)
    assert bar_chart(MONTHS, [1, 2, 3, 4]) == bar_chart(MONTHS, [1, 2, 3, 4])


def test_mismatched_or_negative_figures_are_refused():
    with pytest.raises(ValueError):
        line_chart(MONTHS, [("r", [Decimal(1)])])
    with pytest.raises(ValueError):
        bar_chart(["a", "b"], [1])
    with pytest.raises(ValueError):
        bar_chart(["a"], [-1])
    with pytest.raises(ValueError):
        line_chart(MONTHS, [], y_max=0)


def test_ticks_are_round():
    assert nice_ticks(100) == [0, 20, 40, 60, 80, 100]
    assert nice_ticks(7, whole=True) == [0, 2, 4, 6, 8]
    assert nice_ticks(3, whole=True) == [0, 1, 2, 3]
    assert nice_ticks(Decimal("0.3")) == [0, Decimal("0.1"), Decimal("0.2"), Decimal("0.3")]
    assert nice_ticks(0) == [0, 1]


values = st.lists(st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=1)), min_size=0, max_size=24)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values)
def test_a_line_has_one_stroke_per_run_of_values(row):
    months = [f"m{i}" for i in range(len(row))]
    root = parse(line_chart(months, [("r", row)]))
    runs = sum(1 for i, v in enumerate(row) if v is not None and (i == 0 or row[i - 1] is None))
    d = series_paths(root)[0].get("d")
    assert d.count("M") == runs
    assert d.count("L") == sum(v is not None for v in row) - runs
