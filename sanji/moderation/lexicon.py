"""The words that mark an advert, an insult or a warning, by category and strength, and how to find them.

Strength (the points a word adds, see ``verdict``):

``STRONG``
    Hardly ever in an honest wish, note or report (澳门新葡京, 刷单返利, 无抵押贷款): one is enough to hold a text.
``WEAK``
    An advert's word that honest texts also use now and then (贷款 in 公积金贷款, 兼职, 赌博 in a report): one alone
    passes, two hold a text for review.
``CONTEXT``
    A word that is innocent alone and telling beside an advert (上门服务, 一条龙, 美女; the calls to action 官网,
    注册, 扫码): it counts only beside a counted advert word of its category (a call to action: of any), an outside
    link or a disguise.

Words are written Simplified and lower case (the text is normalised before the search); ``_`` stands for a space
in an English phrase. No list holds a single character or a piece that ordinary words contain: 久 (王久明, 长长久久),
彩 (彩色), 六合 (六合路), 性 (性别), 赌 (赌气), 博 (博物馆), 综合 (综合医院), 金沙 (金沙滩) appear only inside longer
words (久久精品, 六合彩, 赌博, 博彩, 金沙娱乐).

``WARNING`` words (反诈, 举报, 被骗...) mark a sentence that talks about adverts rather than making one: an
anti-fraud notice, a victim's report. Unless that sentence also holds a contact, a link or a call to action, or the
text is disguised, its advert words carry no points.
"""

import re
from dataclasses import dataclass
from functools import cache

STRONG, WEAK, CONTEXT = "strong", "weak", "context"

# category -> strength -> words (space separated; "_" is a space inside an English phrase)
ADVERTS: dict[str, dict[str, str]] = {
    "gambling": {
        STRONG: "澳门新葡京 新葡京 葡京 太阳城 金沙娱乐 百家乐 真人荷官 荷官 在线发牌 线上娱乐 网上娱乐 娱乐城 "
        "娱乐官网 娱乐平台 彩金 时时彩 六合彩 北京赛车 pk10 赌球 博彩 老虎机 电子游艺 体育投注 真人视讯 首存 首充 返水 "
        "注册送 注册就送 注册即送 开户送 开户即送 在线赌场 网上赌场 线上赌场 网络赌场 龙虎斗 炸金花 包赢 特码 计划群 "
        "网赌被黑 casino baccarat",
        WEAK: "赌博 赌钱 赌场 网赌 网络赌博 投注 下注 开奖结果 棋牌游戏 威尼斯人 betting poker bet365",
        CONTEXT: "菠菜 彩票 捕鱼 牛牛 开户 出款 bonus",
    },
    "porn": {
        STRONG: "裸聊 约炮 一夜情 援交 包夜 楼凤 学生妹 无码 自拍偷拍 黄片 毛片 情色 大保健 莞式 特殊服务 附近约 "
        "同城约 免费看片 成人视频 色情网站 黄色网站 私密视频 性感美女 寂寞少妇 久久精品 久久热 外围女 porn",
        WEAK: "色情 偷拍 同城交友 激情 少妇 成人用品 情趣内衣 私人会所 sex hot_girls",
        CONTEXT: "上门服务 一条龙 按摩 桑拿 全套 美女 寂寞 丝袜 小姐 交友 外围 高清 xxx escort adult",
    },
    "loan_ad": {
        STRONG: "无抵押贷款 黑户贷款 黑户可贷 黑户可下款 当天放款 当天下款 秒下款 不看征信 不查征信 无视征信 "
        "无视黑白户 信用卡代还 信用卡套现 花呗套现 套现 低息贷款 网贷口子 包下卡 no_credit_check payday_loan",
        WEAK: "无抵押 免担保 黑户 白户 秒批 秒到账 下款 放款 低息 低利息 大额贷款 小额贷款 贷款 网贷 急用钱 "
        "高额度信用卡 信用卡代办 cash_loan same_day_cash",
        CONTEXT: "征信 口子 借钱 额度 利息 loan loans",
    },
    "job_scam": {
        STRONG: "刷单返利 日赚 躺赚 宝妈兼职 手工活外发 在家赚钱 在家可做 在家就能做 轻松月入 月入过万 月入上万 "
        "点赞赚钱 刷单兼职 手机打字员 一单一结 日结兼职 兼职日结 佣金日结 make_money_online earn_money_online",
        WEAK: "刷单 兼职 日结 打字员 高薪 佣金 招募代理 零投资 无门槛 宝妈 返利 领取红包 work_from_home",
        CONTEXT: "招聘 学生均可 赚钱 手机操作 earn",
    },
    "fake_certificate": {
        STRONG: "办假证 假证 代开发票 发票代开 代考 包过 免考拿证 不用考试 驾照代考 学历代办 证件制作 出售各类证件 "
        "各类证件 代办驾驶证 高仿",
        WEAK: "办证 刻章 学历提升 毕业证 学位证 增值税发票 增值税普通发票 文凭 发票",
        CONTEXT: "身份证 驾驶证 护照 学历",
    },
    "drugs_weapons": {
        STRONG: "冰毒 海洛因 摇头丸 k粉 麻古 冰du 迷药 迷幻药 听话水 催情药 迷情水 春药 仿真枪 气枪 猎枪 钢珠枪 "
        "枪支出售 手枪出售 弓弩 管制刀具",
        WEAK: "大麻 毒品 枪支",
        CONTEXT: "出售 货到付款 全国包邮 包邮 全国发货",
    },
    "medical_ad": {
        STRONG: "无痛人流 阳痿早泄 治疗阳痿 壮阳 伟哥 祖传秘方 包治 增大增粗 viagra cialis",
        WEAK: "男科 早泄 阳痿 人流 包皮 性病 根治 特效药 偏方 男科医院 no_prescription",
        CONTEXT: "专家在线 在线咨询 cheap",
    },
    "advert": {
        STRONG: "快速排名 关键词排名 seo优化 蜘蛛池 外链代发 讨债 私家侦探 调查婚外情 婚外情调查",
        WEAK: "网站建设 友情链接 百度首页 催收 高仿名表",
        # calls to action: innocent alone, telling beside an advert
        CONTEXT: "官网 官方网站 官方直营 注册 下载app 点击 点击进入 点击领取 扫码 加群 进群 私聊 认准 咨询热线 "
        "联系客服 客服 免费领取 限时 限时有效 找我 找我们 价格公道 价格低 专业团队 有需要的 有意者 欢迎咨询 详情咨询 "
        "一手货源 代发 visit click_here",
    },
}
INSULTS: dict[str, str] = {
    STRONG: "傻逼 傻b 煞笔 傻屄 沙比 脑残 白痴 混蛋 王八蛋 狗日的 操你 草泥马 贱人 婊子 畜生 杂种 狗东西 老不死 "
    "滚蛋 去死 你妈逼 日你妈 sb nmsl cnm wcnm",
    WEAK: "他妈的 废物 神经病 猪脑子 滚出 tmd",
}
WARNING = (
    "反诈 防骗 防诈 谨防 警惕 提防 小心 上当 受骗 被骗 骗局 诈骗 骗子 骗人 报警 举报 派出所 民警 投诉 管一管 清理 冒充"
)
POINTS = {STRONG: 3, WEAK: 1, CONTEXT: 0}
INSULT_POINTS = {STRONG: 2, WEAK: 1}


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # as a person reads it: "make money online"
    key: str  # as it is found in a compact form: "makemoneyonline"
    category: str  # an advert category, "insult" or "warning"
    strength: str  # STRONG, WEAK or CONTEXT
    breaks: frozenset[int]  # positions in key after which the phrase has a space of its own

    @property
    def latin_start(self) -> bool:
        return self.key[0].isascii()

    @property
    def latin_end(self) -> bool:
        return self.key[-1].isascii() and self.key[-1].isalpha()


@cache
def words() -> tuple[Word, ...]:
    """Return every word of the lists."""
    found = []
    for category, by_strength in ADVERTS.items():
        for strength, listed in by_strength.items():
            found += [_word(text, category, strength) for text in listed.split()]
    for strength, listed in INSULTS.items():
        found += [_word(text, "insult", strength) for text in listed.split()]
    found += [_word(text, "warning", CONTEXT) for text in WARNING.split()]
    return tuple(found)


@cache
def index() -> dict[str, tuple[Word, ...]]:
    """Return the words by their first two characters, longest first."""
    by_prefix: dict[str, list[Word]] = {}
    for word in words():
        by_prefix.setdefault(word.key[:2], []).append(word)
    return {prefix: tuple(sorted(listed, key=lambda w: -len(w.key))) for prefix, listed in by_prefix.items()}


def occurrences(compact: str) -> list[tuple[int, int, Word]]:
    """Return every ``(start, end, word)`` where a word of the lists stands in ``compact`` (overlaps included)."""
    by_prefix = index()
    found = []
    for match in _first_letters().finditer(compact):  # the C search skips the letters no word starts with
        start = match.start()
        for word in by_prefix.get(compact[start : start + 2], ()):
            if compact.startswith(word.key, start):
                found.append((start, start + len(word.key), word))
    return found


@cache
def _first_letters() -> re.Pattern:
    return re.compile("[" + re.escape("".join(sorted({prefix[0] for prefix in index()}))) + "]")


def _word(text: str, category: str, strength: str) -> Word:
    parts = text.split("_")
    breaks, offset = set(), 0
    for part in parts[:-1]:
        offset += len(part)
        breaks.add(offset - 1)
    return Word(text=text.replace("_", " "), key="".join(parts), category=category, strength=strength,
                breaks=frozenset(breaks))
