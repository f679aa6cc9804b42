"""Find the ways an advert asks to be contacted: messenger ids, web addresses, e-mail addresses, phone numbers.

A messenger id is a trigger word followed by an id: WeChat (微信, 薇信, 威信, V信, VX, wx, 加V...), QQ (QQ, 扣扣,
企鹅), Telegram (飞机, 纸飞机, tg, telegram) and WhatsApp. Each is looked for in the plain form (written openly) and
in the compact form (``q q 1 2 3 4 5``, ``加薇♥xj8899``, ``扣扣一二三四五六``); one found only in the compact form
is ``disguised``, and so is one whose trigger is a misspelling of WeChat's name (薇信, 威信, V信, 加V) that only
adverts use. A web address is looked for in the plain form and in ``linkable`` (``www点abc点com``,
``www。abc。com``, ``w w w . a b c . c o m``) the same way. Government and education sites (``*.gov.cn``,
``*.edu.cn``) are ``trusted``: a resident who points at the district's own site is not advertising.

Phone numbers are returned apart: a phone number in a wish is how the helper reaches the resident, so it is
evidence only beside an advert's word. A messenger id that is a mobile number written openly (``电话 138 0642 1234，
微信同号``) is such a phone number, not a messenger id.
"""

import re
from dataclasses import dataclass
from functools import cache

from .normalize import Forms, linkable

_TRIGGERS = {
    "wechat": "微信 薇信 威信 维信 徽信 微心 威芯 v信 vx wx weixin wechat 加v 加微 加薇 加威 加维 +v 绿泡泡",
    "qq": "qq 扣扣 企鹅 抠抠 q号 q群 扣群 加q +q",
    "telegram": "telegram tg 纸飞机 飞机 电报",
    "whatsapp": "whatsapp",
}
# Misspellings of WeChat's name that only adverts use, to slip past filters: a disguise in themselves.
MISSPELT = frozenset("薇信 威信 维信 徽信 微心 威芯 v信 加v +v 加薇 加威 加维 绿泡泡 抠抠".split())
_SEPARATOR = r"(?:[\s:,.、\-_/|@+()\[\]]|号码|账号|群号|号|是|为|群|id)*"
# A number may be written in groups (138 0642 1234, 138-0642-1234): that is how people write phone numbers, not a
# disguise. Groups of one digit (1 2 3 4 5) are.
_DIGITS = r"\d{2,}(?:[ \-]\d{2,})*"
_ID = {
    "wechat": rf"{_DIGITS}|[a-z0-9][a-z0-9_\-]{{3,24}}",
    "qq": _DIGITS,
    "telegram": r"[a-z][a-z0-9_]{3,31}",
    "whatsapp": _DIGITS,
}
_DIGIT_COUNT = {"wechat": range(5, 16), "qq": range(5, 12), "whatsapp": range(7, 16)}
_NUMBER_FIRST = ("wechat", "qq")
TRUSTED_SUFFIXES = (".gov.cn", ".edu.cn")
_TLDS = (
    "com net org cn cc top xyz vip info biz shop club site online store tech pro tv hk tw co io app bet win live fun "
    "ink ren wang ltd pw ws la tk ml ga cf gq icu cyou buzz asia work link ru ly mobi games casino"
).split()
_SECOND_LEVEL = {"com", "net", "org", "gov", "edu", "ac", "co"}
_LINK = re.compile(
    r"(?:https?|hxxps?|ftp)://(?P<host>[a-z0-9\-.]+)"
    r"|(?<![a-z0-9.\-@_])(?P<domain>(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+(?:" + "|".join(_TLDS) + r"))"
    r"(?![a-z0-9\-])"
    r"|(?<![a-z0-9.])(?P<short>t\.me)/"
)
_ADDRESS_RUN = re.compile(r"[a-z0-9.:/?=&%#~+@_\-]{4,}")
# Starts only where a run of address characters starts: tried from inside a long run (a 100,000-digit line) it
# would fail once for every position.
_EMAIL = re.compile(r"(?<![a-z0-9._%+\-])[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}")
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")


@dataclass(frozen=True, slots=True)
class Contact:
    kind: str  # "wechat", "qq", "telegram", "whatsapp" or "email"
    key: str  # the id, letters and digits only
    disguised: bool
    at: int  # where it starts in the plain form


@dataclass(frozen=True, slots=True)
class Link:
    site: str  # the registrable part of the host: "abc.com", "qingdao.gov.cn"
    disguised: bool
    trusted: bool
    at: int | None  # where it starts in the plain form; None when it was found only once undisguised


def contacts(found: Forms) -> list[Contact]:
    """Return the distinct messenger ids and e-mail addresses in the text."""
    result = [Contact(kind, key, misspelt, at) for kind, key, misspelt, at in _messenger_ids(found.plain, False)]
    for kind, key, _misspelt, start in _messenger_ids(found.compact, True):
        if not any(kind == seen.kind and _same_id(key, seen.key) for seen in result):
            result.append(Contact(kind, key, disguised=True, at=found.position(start)))
    # 电话 138..., 微信同号: a WeChat account on the resident's own mobile number is a phone number, written openly.
    result = [contact for contact in result if contact.disguised or not _MOBILE.fullmatch(contact.key)]
    addresses: dict[str, int] = {}
    for match in _EMAIL.finditer(found.plain) if "@" in found.plain else ():
        addresses.setdefault(match[0], match.start())
    return result + [Contact("email", address, False, at) for address, at in addresses.items()]


def links(found: Forms) -> list[Link]:
    """Return the distinct web sites the text points at."""
    plain = _EMAIL.sub(lambda match: " " * len(match[0]), found.plain) if "@" in found.plain else found.plain
    openly: dict[str, int] = {}
    for site, at in _sites(plain):
        openly.setdefault(site, at)
    result = [Link(site, disguised=False, trusted=_trusted(site), at=at) for site, at in openly.items()]
    hidden = dict.fromkeys(site for site, _at in _sites(linkable(plain)) if site not in openly)
    return result + [Link(site, disguised=True, trusted=_trusted(site), at=None) for site in hidden]


def phones(found: Forms) -> list[str]:
    """Return the distinct mobile and landline numbers in the text."""
    return list(dict.fromkeys([*_MOBILE.findall(found.compact), *_LANDLINE.findall(found.plain)]))


def _messenger_ids(text: str, compact: bool) -> list[tuple[str, str, bool, int]]:
    """Return ``(kind, id, misspelt, start)`` for each distinct messenger id in ``text``: a trigger and the id after
    it, or (QQ, WeChat) a number and the trigger after it."""
    found: list[tuple[str, str, bool, int]] = []
    triggers, kinds = _trigger_pattern(), _trigger_kinds()
    position = 0
    while match := triggers.search(text, position):
        position = match.start() + 1  # triggers overlap: 加微信 holds 加微 and 微信
        trigger, start = match[0], match.start()
        if trigger[0].isascii() and trigger[0].isalpha() and start and text[start - 1].isascii() \
                and text[start - 1].isalpha():
            continue  # the end of a Latin word (newxbox), not a trigger
        kind = kinds[trigger]
        after = _FOLLOWED[kind].match(text, match.end())
        before = _PRECEDED.search(text, max(0, start - 48), start) if kind in _NUMBER_FIRST else None
        for hit, identifier in ((after, after and after["id"]), (before, before and before["id"])):
            if not hit or not _looks_like_id(identifier, hit[0], compact=compact):
                continue
            key = re.sub(r"[^a-z0-9]", "", identifier)
            if key.isdigit() and kind in _DIGIT_COUNT and len(key) not in _DIGIT_COUNT[kind]:
                continue
            if not any(kind == seen_kind and _same_id(key, seen) for seen_kind, seen, _m, _a in found):
                found.append((kind, key, trigger in MISSPELT, min(start, hit.start())))
            if hit is after:
                position = max(position, hit.end())
    return found


def _looks_like_id(identifier: str, whole: str, *, compact: bool) -> bool:
    """Tell an id from a word that happens to follow a trigger (``wechat please``): it has a digit, or, written
    openly, an underscore or a colon or at sign before it."""
    if any(character.isdigit() for character in identifier):
        return True
    return not compact and ("_" in identifier or any(mark in whole for mark in ":@"))


def _same_id(one: str, other: str) -> bool:
    """Return True if two ids are one: the compact form may run an id into the next Latin word."""
    return one.startswith(other) or other.startswith(one)


@cache
def _trigger_pattern() -> re.Pattern:
    triggers = sorted((trigger for listed in _TRIGGERS.values() for trigger in listed.split()), key=len, reverse=True)
    return re.compile("|".join(re.escape(trigger) for trigger in triggers))


@cache
def _trigger_kinds() -> dict[str, str]:
    return {trigger: kind for kind, listed in _TRIGGERS.items() for trigger in listed.split()}


_FOLLOWED = {kind: re.compile(f"{_SEPARATOR}(?P<id>{pattern})(?![a-z0-9_\\-])") for kind, pattern in _ID.items()}
_PRECEDED = re.compile(f"(?<![0-9])(?P<id>{_DIGITS}){_SEPARATOR}$")


def _sites(text: str) -> list[tuple[str, int]]:
    sites = []
    for run in _ADDRESS_RUN.finditer(text):  # only runs of what an address is made of, and only those with a dot
        if "." not in run[0]:
            continue
        for match in _LINK.finditer(run[0]):
            host = (match["host"] or match["domain"] or match["short"]).strip(".-")
            labels = [label for label in host.split(".") if label]
            if len(labels) < 2:
                continue
            keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
            sites.append((".".join(labels[-keep:]), run.start() + match.start()))
    return sites


def _trusted(site: str) -> bool:
    return any(("." + site).endswith(suffix) for suffix in TRUSTED_SUFFIXES)
