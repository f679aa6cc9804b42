"""What ``gather`` finds: listed words (open, disguised, or not there at all), contacts, links, phones, repetition."""

from sanji.moderation.evidence import gather, repeated_phrase


def words(text: str) -> dict[str, bool]:
    """Return the listed words found in ``text``, each with whether it was disguised."""
    return {found.word.text: found.disguised for found in gather(text).words}


def test_a_word_written_openly():
    assert words("澳门新葡京") == {"澳门新葡京": False}


def test_the_longer_of_two_nested_words_counts():
    assert words("无抵押贷款") == {"无抵押贷款": False}  # not 无抵押, not 贷款
    assert words("刷单返利") == {"刷单返利": False}


def test_a_word_split_by_symbols_or_invisible_characters_is_disguised():
    assert words("澳*门*新*葡*京") == {"澳门新葡京": True}
    assert words("澳门♥新葡京") == {"澳门新葡京": True}  # symbols in some gaps only
    assert words("包\u200b夜") == {"包夜": True}
    assert words("κ粉") == {"k粉": True}  # Greek kappa


def test_a_word_split_by_spaces_is_disguised_unless_the_writer_spaces_everything():
    assert words("想了解 包 夜 服务") == {"包夜": True}
    assert words("约 炮 一 夜 情") == {"约炮": False, "一夜情": False}


def test_two_words_that_meet_across_a_comma_or_a_space_are_not_a_third():
    assert words("想找兼职，日结的那种") == {"兼职": False, "日结": False}  # not 兼职日结
    assert words("刷单 返利") == {"刷单": False, "返利": False}  # not 刷单返利


def test_latin_words_must_stand_as_words():
    assert "sb" not in words("想买个usb充电器")
    assert "sb" in words("你就是个sb")
    assert "casino" in words("casinos online")
    assert "porn" not in words("porno")  # a short word must end a word too


def test_hard_ordinary_words_hold_no_listed_word():
    for text in ("王久明", "综合医院", "博物馆", "彩色铅笔", "六合路", "性别", "赌气", "长长久久", "金沙滩"):
        assert words(text) == {}, text


def test_a_word_found_twice_is_one_word_disguised_if_either_was():
    found = gather("新葡京 新*葡*京").words
    assert len(found) == 1 and found[0].disguised and len(found[0].at) == 2


def test_contacts():
    kinds = {(contact.kind, contact.key, contact.disguised) for contact in gather(
        "微信 abc123，QQ：12345678，纸飞机 @vip_seller，邮箱 a.b@163.com"
    ).contacts}
    assert kinds == {("wechat", "abc123", False), ("qq", "12345678", False), ("telegram", "vipseller", False),
                     ("email", "a.b@163.com", False)}


def test_a_misspelt_or_spaced_out_contact_is_disguised():
    assert [contact.disguised for contact in gather("加薇 xj8899").contacts] == [True]
    assert [contact.disguised for contact in gather("q q 1 2 3 4 5 6 7").contacts] == [True]
    assert [contact.disguised for contact in gather("扣扣 一二三四五六七八").contacts] == [True]


def test_a_word_after_a_trigger_is_not_an_id():
    assert not gather("add me on wechat please").contacts
    assert not gather("想学用微信支付").contacts
    assert not gather("我用的是新xbox游戏机").contacts  # wx inside a Latin word


def test_a_mobile_number_given_as_a_wechat_id_is_a_phone_number():
    for text in ("电话 138 0642 1234，微信同号", "电话13806421234（微信同号）", "微信 138-0642-1234"):
        assert not gather(text).contacts and gather(text).phones == ("13806421234",)
    assert [contact.key for contact in gather("微信 1 3 8 0 6 4 2 1 2 3 4").contacts] == ["13806421234"]


def test_links():
    found = {(link.site, link.disguised, link.trusted) for link in gather(
        "看 https://mp.weixin.qq.com/s/abc 和 www.qingdao.gov.cn，还有 www点xpj点com"
    ).links}
    assert found == {("qq.com", False, False), ("qingdao.gov.cn", False, True), ("xpj.com", True, False)}


def test_an_email_address_is_not_a_link():
    assert not gather("我的邮箱 zhang@163.com").links


def test_phones():
    assert gather("电话 138 0642 1234 或 0532-82861234").phones == ("13806421234", "0532-82861234")


def test_repetition():
    assert "新葡" in repeated_phrase("新葡京新葡京新葡京新葡京官网")
    assert repeated_phrase("谢谢谢谢谢谢谢谢谢谢") is None  # one character over
    assert repeated_phrase("13888888888138888888881388888888") is None  # digits
    assert repeated_phrase("家里水龙头漏水想请人帮忙换一个") is None
