"""``moderate``: ordinary wishes pass, adverts are blocked however they are disguised, single signals are held."""

import dataclasses

import opencc
import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from sanji.moderation.verdict import OK, REASONS, REVIEW, SPAM, Verdict, moderate, reason_label, verdict_label

from .helpers import texts

LINK_FARM = "澳门新葡京 线上娱乐 官网 www.xxx.com 加微信 xpj6688 日结 兼职 刷单 无抵押贷款 上门服务"
ORDINARY = [
    "家里水龙头漏水，想请人帮忙换一个，电话13806421234（儿子）",
    "想给孙子找个数学辅导老师",
    "去市立医院复查需要有人陪同",
    "申请一台轮椅，老伴腿脚不便",
    "想学用智能手机挂号",
]
HARD_BUT_ORDINARY = [
    "我叫王久明，想请人帮忙晒被子",
    "老伴在第三综合医院住院，想请人送饭",
    "孩子想去博物馆参观",
    "想要一盒彩色铅笔",
    "住在六合路12号，楼道灯坏了",
    "填表时性别写错了，想请人帮忙改",
    "装修公司说一条龙服务，想问问靠不靠谱",
    "老伴跟我赌气，不吃饭",
    "想咨询公积金贷款政策",
    "祝大家长长久久",
]


@pytest.mark.parametrize("text", ORDINARY + HARD_BUT_ORDINARY)
def test_ordinary_wishes_pass(text):
    assert moderate(text) == Verdict(OK, (), moderate(text).score)
    assert moderate(text).passed


def test_the_link_farm_under_the_comment_box_is_blocked():
    verdict = moderate(LINK_FARM)
    assert verdict.verdict == SPAM and verdict.blocked and not verdict.passed
    assert {"gambling", "loan_ad", "job_scam", "contact_ad", "url", "keyword_stuffing"} <= set(verdict.reasons)


@pytest.mark.parametrize("text", [
    "澳 门 新 葡 京 真 人 荷 官",  # spaces
    "澳/门/新/葡/京/官/网",  # slashes
    "澳\u200b门\u200b新\u200b葡\u200b京 注册送38",  # zero-width spaces
    "百家乐★真人荷官★注册送88元彩金",  # stars between words
    "сasino bоnus www.bet-vip.top",  # Cyrillic look-alikes
    "澳門新葡京娛樂城 線上真人百家樂",  # Traditional
    "加薇♥xj8899 日结兼职 宝妈在家轻松月入过万",  # a misspelt WeChat and a heart
    "q q 1 2 3 4 5 6 7 包夜 学生妹",  # a spaced-out QQ number
    "线上娱乐城 ｗｗｗ．ｂｅｔ６６．ｃｏｍ 首存即送",  # full width
    "同城约 附近寂寞少妇 包夜服务 www点mm520点cc",  # a dotted-word link
    "①③⑧⓪⓪①③⑧⓪⓪⓪ 无抵押 贷款 黑户可贷",  # circled digits
    "招聘打字员，日结300，宝妈学生均可，企鹅号三九八七六五四三二",  # a QQ number in Chinese numerals
])
def test_disguised_adverts_are_blocked(text):
    assert moderate(text).blocked


def test_a_disguise_is_named_and_a_habit_is_not():
    assert "evasion" in moderate("澳\u200b门\u200b新\u200b葡\u200b京").reasons
    assert "evasion" in moderate("加薇 xj8899 包夜").reasons
    spaced = moderate("约 炮 一 夜 情 上 门")  # someone who spaces every character: blocked for the words alone
    assert spaced.blocked and "evasion" not in spaced.reasons
    assert moderate("修 轮 椅 ， 右 边 轮 子 掉 了").passed


@pytest.mark.parametrize("text", [
    "物业那个经理就是个傻逼，说了三次都不来修",
    "楼上那个混蛋又在半夜装修",
])
def test_a_single_insult_is_held_for_review(text):
    assert moderate(text) == Verdict(REVIEW, ("insult",), 2)


def test_a_string_of_insults_is_blocked():
    assert moderate("你他妈的傻逼，滚出我们小区，去死吧").verdict == SPAM


def test_links():
    assert moderate("详情请看 www.hao123abc.com").verdict == REVIEW
    assert moderate("可以在青岛政务网 www.qingdao.gov.cn 上预约吗？想请人教").passed  # a government site
    assert moderate("查成绩在 http://www.qdedu.gov.cn 上").passed
    hidden = moderate("详情请看 www点hao123abc点com")
    assert hidden.verdict == SPAM and {"url", "evasion"} <= set(hidden.reasons)


def test_a_contact_left_for_the_helper_passes_and_one_beside_adverts_does_not():
    assert moderate("我的微信号是 zhangwei1958，方便的话志愿者可以加我联系").passed
    assert moderate("我的邮箱是 wanglaoshi@163.com，想请人帮忙打印材料").passed
    assert moderate("日结兼职 加微信 zhangwei1958").blocked


def test_one_advert_word_in_a_wish_is_held_and_several_are_blocked():
    assert moderate("无抵押贷款了解一下").verdict == REVIEW
    assert moderate("无抵押贷款，当天放款").verdict == SPAM


def test_texts_that_warn_about_adverts_pass_unless_they_carry_a_contact():
    notice = "社区开展反诈宣传，提醒居民警惕刷单返利、无抵押贷款等骗局"
    assert moderate(notice).passed
    assert moderate("举报：小区地下室有人聚众赌博").passed
    assert moderate("谨防上当，正规无抵押贷款，加微信 dk8888").blocked
    assert moderate("谨防上当！无抵押贷款，当天放款").blocked  # the warning is another sentence


def test_keyword_stuffing():
    seo = "青岛搬家公司 青岛搬家 青岛搬家公司电话 青岛搬家哪家好 青岛搬家公司"
    assert moderate(seo).reasons == ("keyword_stuffing",)
    assert moderate("新葡京 新葡京 新葡京 新葡京 新葡京").blocked
    assert moderate("谢谢谢谢谢谢！志愿者小王太好了！").passed


def test_an_empty_text_passes():
    assert moderate("") == Verdict(OK) == moderate("   \n")


def test_the_verdict_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        moderate(LINK_FARM).verdict = OK


def test_labels_are_translated_for_staff():
    with translation.override("en"):
        assert str(reason_label("gambling")) == "Gambling advert"
        assert str(verdict_label(REVIEW)) == "Held for review"
        assert reason_label("no-such-reason") == "no-such-reason"
    assert all(str(reason_label(code)) for code in REASONS)


# Properties

SPAM_TEXTS = texts(SPAM)
ORDINARY_TEXTS = [text for text in texts(OK) if not any(character.isdigit() for character in text)]
DISGUISES = "\u200b\u2060\u00ad♥❤★*|~_"  # not ordinary punctuation: 澳门新葡，京 reads as two words
_TO_TRADITIONAL = opencc.OpenCC("s2t")


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in text)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(SPAM_TEXTS), st.data())
def test_spam_stays_spam_whatever_is_inserted_between_its_characters(text, data):
    marks = data.draw(st.lists(st.sampled_from(["", "", *DISGUISES]), min_size=len(text), max_size=len(text)))
    assert moderate("".join(c + mark for c, mark in zip(text, marks, strict=True))).blocked


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(SPAM_TEXTS), st.sampled_from([" ", "\u200b", "*", "。"]))
def test_spam_stays_spam_with_a_separator_after_every_character(text, separator):
    assert moderate(separator.join(text)).blocked


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(SPAM_TEXTS + ORDINARY_TEXTS))
def test_full_width_and_traditional_characters_change_nothing(text):
    verdict = moderate(text).verdict
    assert moderate(_full_width(text)).verdict == verdict
    assert moderate(_TO_TRADITIONAL.convert(text)).verdict == verdict


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(ORDINARY_TEXTS),
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    st.sampled_from(["电话{}", "，电话：{}（儿子）", " 联系人李女士 {}", "，{}，微信同号", "。手机 {}"]),
    st.sampled_from(["", " ", "-"]),
)
def test_ordinary_wishes_with_a_mobile_number_stay_ok(text, number, form, separator):
    spaced = number[:3] + separator + number[3:7] + separator + number[7:]
    assert moderate(text + form.format(spaced)).verdict == OK


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_any_text_gets_a_well_formed_verdict(text):
    verdict = moderate(text)
    assert verdict.verdict in (OK, REVIEW, SPAM)
    assert set(verdict.reasons) <= set(REASONS)
    assert (verdict.verdict == OK) == (not verdict.reasons)
