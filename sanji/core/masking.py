"""Masking of personal data for pages and people who may not see it in full. Pure: no ORM."""

import re

from django.utils.translation import gettext as _

#: Two-character surnames that must not be cut after the first character.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 西门 南宫".split()
)


def surname(name: str) -> str:
    name = name.strip()
    if name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[:1]


def mask_name(name: str, gender: str = "unknown") -> str:
    """Return the polite masked form of a name: 林先生, 王女士, or 林** when gender is not stated."""
    name = (name or "").strip()
    if not name:
        return ""
    family = surname(name)
    if not any("\u4e00" <= ch <= "\u9fff" for ch in family):
        return family[:1] + "***"
    if gender == "male":
        return _("Mr %(surname)s") % {"surname": family}
    if gender == "female":
        return _("Ms %(surname)s") % {"surname": family}
    return family + "*" * max(1, len(name) - len(family))


def mask_phone(phone: str) -> str:
    """Return 138****5678 for 13812345678; keep only the first three and last four digits."""
    digits = (phone or "").strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_address(address: str) -> str:
    """Return only the part before the house number (the road or compound), never the door."""
    address = (address or "").strip()
    for marker in ("号", "栋", "楼", "单元", "室"):
        if marker in address:
            return address[: address.index(marker)].rstrip("0123456789-之") + "……"
    return address[:4] + "……" if len(address) > 4 else address


#: A run of 7 or more digits, spaces and dashes allowed inside (139 0642 8815, 0532-8288-1234), or an ID-card number.
_NUMBER_RUN = re.compile(r"(?<![\dXx])\+?\d(?:[\d\- ]{5,24})[\dXx](?![\dXx])")


def mask_numbers_in_text(text: str) -> str:
    """Return ``text`` with phone and ID-card numbers a resident wrote into it masked like ``mask_phone``.

    Short numbers stay (a door number, 3 楼, 500 元); dates of the form 2026-12-01 stay too."""

    def masked(match: re.Match) -> str:
        run = match.group(0)
        digits = re.sub(r"[^\dXx]", "", run)
        if len(digits) < 7 or re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", run):
            return run
        return mask_phone(digits)

    return _NUMBER_RUN.sub(masked, text or "")
