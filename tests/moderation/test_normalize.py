"""The plain and compact forms: what is folded, what is removed, and how a compact letter finds its way back."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from sanji.moderation.contacts import links
from sanji.moderation.normalize import CHINESE_DIGITS, LOOKALIKES, Gap, forms, linkable, plain_form


def test_full_width_becomes_half_width_and_lower_case():
    assert plain_form("ＷｉＦｉ密码　１２３") == "wifi密码 123"


def test_traditional_characters_become_simplified():
    assert plain_form("澳門新葡京娛樂城") == "澳门新葡京娱乐城"
    assert plain_form("想學用微信視頻") == "想学用微信视频"


def test_white_space_runs_become_one_space():
    assert plain_form("  修 \t 轮椅\n\n谢谢 ") == "修 轮椅 谢谢"


def test_the_compact_form_keeps_only_letters_and_digits():
    assert forms("澳/门*新.葡-京 官 网！").compact == "澳门新葡京官网"


def test_invisible_characters_are_dropped_from_the_compact_form_only():
    found = forms("澳\u200b门\u00ad新\u2060葡\ufeff京")
    assert found.compact == "澳门新葡京"
    assert "\u200b" in found.plain


def test_look_alikes_read_as_latin_in_the_compact_form_only():
    found = forms("сasino bоnus")  # Cyrillic с and о
    assert found.compact == "casinobonus"
    assert found.plain.startswith("с")
    assert found.folded(0, 6)
    assert not forms("casino").folded(0, 6)


def test_digits_of_other_forms_read_as_digits():
    assert forms("①③⑧").compact == "138"  # NFKC
    assert forms("❶➂").compact == "13"  # folded: NFKC leaves these
    assert forms("⑴⑵⑶").compact == "123"


def test_five_or_more_chinese_digits_in_a_row_read_as_digits():
    assert forms("扣扣一三八零零").compact == "扣扣13800"
    assert forms("企鹅 三 九 八 七 六").compact == "企鹅39876"
    assert forms("一五一十地说").compact == "一五一十地说"


def test_plus_v_reads_as_add_v():
    assert forms("+v sx2233").compact == "加vsx2233"
    assert forms("1+1=2").compact == "112"


def test_each_compact_letter_finds_its_place_in_the_plain_form():
    found = forms("加 薇♥xj 8899，日结")
    for index, letter in enumerate(found.compact):
        assert found.plain[found.position(index)] == letter


def test_gaps_tell_a_disguise_from_a_comma_or_a_space():
    found = forms("兼职，日结 澳♥门 包 夜")
    compact = found.compact
    assert found.gap(compact.index("职")) is Gap.PUNCTUATION
    assert found.gap(compact.index("结")) is Gap.SPACE  # 结 then a space then 澳
    assert found.gap(compact.index("澳")) is Gap.DISGUISE
    assert found.gap(compact.index("兼")) is Gap.NONE


def test_spaced_out_writing_is_recognised():
    assert forms("修 轮 椅 ， 右 边 轮 子 掉 了").spaced_out
    assert not forms("修轮椅，右边轮子掉了").spaced_out
    assert not forms("澳 门新葡京").spaced_out


def test_dotted_words_become_dots_for_finding_links():
    assert "www.abc.com" in linkable(plain_form("www点abc点com"))
    assert "www.abc.com" in linkable(plain_form("www。abc。com"))
    assert "abc.com" in linkable(plain_form("abc (dot) com"))
    assert "www.99yl.com" in linkable(plain_form("ww w . 9 9 y l . c o m"))
    assert not links(forms("下午3点30分到社区"))


def test_a_lone_surrogate_does_not_break_the_forms():
    assert forms("a\ud800澳門").compact == "a澳门"


@given(st.text(max_size=60))
def test_any_text_has_forms_whose_letters_trace_back(text):
    found = forms(text)
    assert all(character.isalnum() for character in found.compact)
    positions = [found.position(index) for index in range(len(found.compact))]
    assert positions == sorted(set(positions))
    assert all(0 <= position < len(found.plain) for position in positions)
    for letter, position in zip(found.compact, positions, strict=True):
        original = found.plain[position]
        if original != letter:  # folded: a look-alike, a spelt or other digit, the + of +v
            assert (original in LOOKALIKES or original in CHINESE_DIGITS or original == "+"
                    or unicodedata.digit(original, None) is not None)
