"""The verdict on a public text: ``ok`` (published), ``review`` (held for staff) or ``spam`` (blocked, kept for the
record), with the reasons as stable machine codes.

    from sanji.moderation.verdict import moderate

    verdict = moderate("澳门新葡京 线上娱乐 加微信 xpj6688")
    verdict.verdict    # "spam"
    verdict.reasons    # ("gambling", "contact_ad")
    verdict.blocked    # True (and verdict.passed False)

Points, added up (see ``lexicon`` for the words and their strength):

=========================  ==========================================================================
advert word                strong 3, weak 1; a context word 1, only beside an advert word of its kind,
                           a link or a disguise
insult                     strong 2, weak 1
messenger id, e-mail       1 each (``contact_ad``); a phone number 1 (at most 2) only beside a strong
                           advert word
link                       2 for the first outside site, 1 for each further one (at most 4); a
                           government or education site 0
disguise                   2 once, if any word, id or link could be read only after undoing a disguise
keyword stuffing           4 for five distinct advert words, densely packed; 2 for a phrase repeated over
                           much of the text; 2 for three or more ids and links, densely packed
=========================  ==========================================================================

``review`` from 2 points, ``spam`` from 4. So a phone number (also as 微信同号), a WeChat id left for the
helper, one advert word in an otherwise ordinary wish (公积金贷款) or a government link pass; a single insult, a
lone outside link or one strong advert word are held; an advert with a way to reach it, several advert words,
several insults or a disguised advert are blocked. A sentence that talks about adverts (an anti-fraud notice, a
victim's report: see ``lexicon.WARNING``) carries no advert points unless it also holds a contact, a link or a
call to action, or the text is disguised.

The module imports no ORM; the labels are lazy translations, so it loads without Django settings.
"""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .evidence import Evidence, Found, gather
from .lexicon import ADVERTS, CONTEXT, INSULT_POINTS, POINTS, STRONG

OK, REVIEW, SPAM = "ok", "review", "spam"
REVIEW_AT, SPAM_AT = 2, 4
STUFFED_WORDS = 5  # distinct advert words, at least one for every STUFFING_DENSITY letters
STUFFING_DENSITY = 20
LINK_FARM = 3  # ids and outside links, at least one for every LINK_FARM_DENSITY letters
LINK_FARM_DENSITY = 40

REASON_LABELS = {
    "gambling": _("Gambling advert"),
    "porn": _("Pornography or sexual services"),
    "loan_ad": _("Loan or credit advert"),
    "job_scam": _("Fake part-time job or order brushing"),
    "fake_certificate": _("Fake certificates or invoices"),
    "drugs_weapons": _("Drugs or weapons"),
    "medical_ad": _("Medical advert"),
    "advert": _("Advertising"),
    "insult": _("Insult"),
    "contact_ad": _("Contact details for an advert (WeChat, QQ, Telegram)"),
    "url": _("Link to an outside website"),
    "keyword_stuffing": _("Keyword stuffing or a link farm"),
    "evasion": _("Disguised writing (inserted spaces or symbols, look-alike characters)"),
}
REASONS = tuple(REASON_LABELS)
VERDICT_LABELS = {OK: _("Passed"), REVIEW: _("Held for review"), SPAM: _("Blocked as spam")}


@dataclass(frozen=True, slots=True)
class Verdict:
    verdict: str  # OK, REVIEW or SPAM
    reasons: tuple[str, ...] = ()  # codes from REASONS; empty when the text passes
    score: int = 0

    @property
    def passed(self) -> bool:
        return self.verdict == OK

    @property
    def blocked(self) -> bool:
        return self.verdict == SPAM


def moderate(text: str) -> Verdict:
    """Return the verdict on the public text ``text``."""
    if not text or text.isspace():
        return Verdict(OK)
    points = score(gather(text))
    total = sum(points.values())
    if total < REVIEW_AT:
        return Verdict(OK, score=total)
    reasons = tuple(reason for reason in REASONS if points[reason] > 0)
    return Verdict(SPAM if total >= SPAM_AT else REVIEW, reasons, total)


def score(evidence: Evidence) -> Counter:
    """Return the points ``evidence`` earns, by reason."""
    points: Counter = Counter()
    outside = [link for link in evidence.links if not link.trusted]
    disguised = any(found.disguised for found in evidence.words) or any(
        item.disguised for item in (*evidence.contacts, *outside)
    )
    adverts = _adverts(evidence, outside, disguised)
    for found in adverts:
        points[found.word.category] += POINTS[found.word.strength] or 1
    for found in evidence.words:
        if found.word.category == "insult":
            points["insult"] += INSULT_POINTS[found.word.strength]
    points["contact_ad"] += len(evidence.contacts)
    if any(found.word.strength == STRONG for found in adverts):
        points["contact_ad"] += min(2, len(evidence.phones))
    if outside:
        points["url"] += min(4, len(outside) + 1)
    if disguised:
        points["evasion"] += 2
    if len(adverts) >= STUFFED_WORDS and len(adverts) * STUFFING_DENSITY >= evidence.length:
        points["keyword_stuffing"] += 4
    if evidence.repeated:
        points["keyword_stuffing"] += 2
    reached = len(evidence.contacts) + len(outside)
    if reached >= LINK_FARM and reached * LINK_FARM_DENSITY >= evidence.length:
        points["keyword_stuffing"] += 2
    return points


def _adverts(evidence: Evidence, outside: list, disguised: bool) -> list[Found]:
    """Return the advert words that count.

    A sentence with a warning word (an anti-fraud notice, a victim's report) talks about adverts rather than making
    one: its advert words do not count, unless it also holds a contact, an outside link or a call to action, or
    the text is disguised. A context word counts only beside a counted advert word of its category (上门服务
    beside 包夜, not beside 贷款; a call to action beside any), an outside link or a disguise."""
    adverts = [found for found in evidence.words if found.word.category in ADVERTS]
    if not disguised:
        warned = {evidence.sentence(at) for found in evidence.words if found.word.category == "warning"
                  for at in found.at}
        calls = [at for found in adverts if found.word.category == "advert" and found.word.strength == CONTEXT
                 for at in found.at]
        reaching = [item.at for item in (*evidence.contacts, *outside) if item.at is not None]
        quiet = warned - {evidence.sentence(at) for at in (*calls, *reaching)}
        adverts = [found for found in adverts if any(evidence.sentence(at) not in quiet for at in found.at)]
    if outside or disguised:
        return adverts
    backed = {found.word.category for found in adverts if found.word.strength != CONTEXT}
    if backed:
        backed.add("advert")  # a call to action backs any advert
    return [found for found in adverts if found.word.strength != CONTEXT or found.word.category in backed]


def reason_label(code: str) -> str:
    """Return the translated label of the reason ``code`` for staff pages (the code itself if unknown)."""
    return REASON_LABELS.get(code, code)


def verdict_label(verdict: str) -> str:
    """Return the translated label of ``verdict`` ("ok", "review", "spam")."""
    return VERDICT_LABELS.get(verdict, verdict)
