"""``sanji.classes.textnorm.normalise``: one canonical form for the ways residents write the same thing."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanji.classes.textnorm import normalise


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        # Traditional characters to Simplified
        ("樓道燈壞了", "楼道灯坏了"),
        ("醫保異地報銷怎麼辦理", "医保异地报销怎么办理"),
        ("一坏就是好几天", "一坏就是好几天"),  # OpenCC's t2s alone gives 一坯
        # full-width digits and letters, Latin lower case
        ("１２号楼", "12号楼"),
        ("ＷｉＦｉ连不上", "wifi连不上"),
        ("有Ｂ２驾照", "有b2驾照"),
        # spaces between Chinese characters go, one space stays between Latin words or numbers
        ("修 轮 椅", "修轮椅"),
        ("楼 道 灯 不 亮，三单元", "楼道灯不亮,3单元"),
        ("  前后有空格  ", "前后有空格"),
        ("Smart   TV", "smart tv"),
        # numbers in words before a measure word or after 第 become digits
        ("八十二岁", "82岁"),
        ("九十歲", "90岁"),
        ("三楼", "3楼"),
        ("住十二号楼", "住12号楼"),
        ("第二次", "第2次"),
        ("两个孩子", "2个孩子"),
        ("一万元", "10000元"),
        ("十分钟", "10分钟"),
        ("二〇二六年", "2026年"),
        # numeral runs that are part of a word stay
        ("统一改造", "统一改造"),
        ("一起去", "一起去"),
        ("十分着急", "十分着急"),
        ("一些东西", "一些东西"),
        ("等一下", "等一下"),
        ("有一点", "有一点"),
        ("十一点多", "十一点多"),
        ("万一摔了", "万一摔了"),
        # set phrases with a measure word stay too; estimates (七八个) are not one number
        ("我们老两口", "我们老两口"),
        ("一口气爬五楼", "一口气爬5楼"),
        ("一块儿去", "一块儿去"),
        ("一次性", "一次性"),
        ("七八个人", "七八个人"),
    ],
)
def test_normalise(written, normal):
    assert normalise(written) == normal


def test_forms_of_one_wish_compare_equal():
    forms = ["楼道灯坏了，三单元", "樓道燈壞了，三單元", "楼 道 灯 坏 了，3单元", "楼道灯坏了，３单元"]
    assert len({normalise(form) for form in forms}) == 1


@given(st.text(alphabet=st.sampled_from("楼道灯坏了一二三十两万第个岁號樓１２ ａＢ,，坯壞燈"), max_size=30))
def test_normalise_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once
