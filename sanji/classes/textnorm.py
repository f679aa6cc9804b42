"""Chinese text normalisation, so that wishes written in different forms compare equal.

``normalise`` folds what varies between writers but not in meaning:

- compatibility forms (full-width ``１２号楼`` and ``ＷｉＦｉ``) to their plain forms, by Unicode NFKC, and Latin
  letters to lower case;
- spaces, which some people type between Chinese characters (``修 轮 椅``); one space stays between two Latin
  words or numbers;
- Traditional characters to Simplified, by OpenCC's ``t2s`` table (spaces first, so that its phrases match);
- numbers written in words before a measure word or after 第 (``八十二岁``, ``三楼``, ``第二次``) to digits, read by
  cn2an. A numeral run that is part of a word (``统一``, ``一起``, ``一些``) has no measure word after it and stays,
  and so do the few set phrases where a measure word follows (``老两口``, ``一口气``, ``一块儿``).

The module imports no ORM, so the grouping tool, the duplicate check, the services and the benchmarks share it.
"""

import re
import unicodedata
from functools import cache

import cn2an
import opencc

# Measure words and units after which a run of numeral characters is a number, not part of a word. 分 and 点 are
# left out: 十分 means "very" and 一点 "a little" more often than they count minutes or hours.
MEASURE_WORDS = (
    "分钟 小时 公斤 公里 厘米 平方 单元 个 位 名 户 人 口 间 套 台 张 件 条 次 遍 趟 岁 周 号 楼 层 "
    "栋 幢 室 元 块 角 斤 克 吨 米 里 天 日 月 年 辆 把 双 袋 桶 箱 盒 瓶 包 本 支 只 根 床 份 瓦 盏 副 扇 顿"
).split()
# Set phrases in which a numeral and a measure word make a word of their own: they are not numbers.
SET_PHRASES = (
    "老两口 小两口 一口气 一口咬定 一块儿 一块去 一块来 一个劲 一把手 一把年纪 一条龙 一条心 一次性 一本正经 "
    "一天到晚 一年到头 三天两头 十万火急 一五一十 三番五次 一天天"
).split()
# Simplified characters that one of OpenCC's t2s phrases turns into another character: 一坏 (a broken thing) would
# become 一坯 (a lump of clay).
KEEP_AS_WRITTEN = "坏"
NUMERALS = "零〇一二两三四五六七八九十百千万"
PLACE_UNITS = "十百千万"
_NUMBER_IN_WORDS = re.compile(
    rf"(?P<kept>{'|'.join(SET_PHRASES)})|(?P<ordinal>第)?(?P<run>[{NUMERALS}]+)(?=(?P<measure>{'|'.join(MEASURE_WORDS)})?)"
)
_SPACE_BETWEEN_WORDS = re.compile(r"(?<=[a-z0-9])\s+(?=[a-z0-9])")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Return ``text`` in one canonical form: half-width, Simplified, digits for counted numbers, single spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _SPACES.sub("", _SPACE_BETWEEN_WORDS.sub("\x00", text.strip())).replace("\x00", " ")
    return _NUMBER_IN_WORDS.sub(_number_as_digits, _simplified(text))


def _simplified(text: str) -> str:
    """Return ``text`` in Simplified characters; a Simplified character OpenCC would turn into another stays."""
    converted = _converter().convert(text)
    if len(converted) == len(text) and any(character in text for character in KEEP_AS_WRITTEN):
        converted = "".join(o if o in KEEP_AS_WRITTEN else c for o, c in zip(text, converted, strict=True))
    return converted


def _number_as_digits(match: re.Match) -> str:
    if match["kept"] or not (match["ordinal"] or match["measure"]):
        return match[0]
    digits = _digits(match["run"])
    return match[0] if digits is None else (match["ordinal"] or "") + digits


@cache
def _digits(run: str) -> str | None:
    """Return the numeral ``run`` in digits, or None for an estimate (七八, 三四) or a run cn2an cannot read."""
    if run == "两":
        return "2"
    if len(run) == 2 and not any(unit in run for unit in PLACE_UNITS):
        return None
    if not any(unit in run for unit in PLACE_UNITS):  # read digit by digit: 二〇二六
        return "".join(str("〇一二三四五六七八九".find(c) if c != "零" else 0) if c != "两" else "2" for c in run)
    try:
        return str(cn2an.cn2an(run.replace("〇", "零"), "smart"))
    except (ValueError, KeyError, TypeError, IndexError):
        return None


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")
