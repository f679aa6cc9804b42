"""Benchmark the wish grouping (``sanji.classes.grouping.group``): quality on the labelled set, speed at scale; by hand.

    .venv/bin/python bench/classes.py [--sizes 10000,100000] [--seed N] [--workers 2] [--no-quality] [--profile]
    .venv/bin/python bench/classes.py --sizes 10000,100000,1000000      # the 1M run: about 3 minutes here

Quality: ``tests/data/wish_classes/dev.jsonl`` (388 hand-labelled wishes, 40 classes, split "tune" and "holdout").
Each split is grouped on its own, then all 388 together, with the default ``Settings``. Reported: the adjusted Rand
index against the labels, and pairwise precision (of the pairs of wishes put in one class, the share that truly
share a class) and recall (of the pairs that truly share a class, the share put in one), the number of classes
found and the number labelled. The tune split is what the settings were chosen on; holdout is the honest figure.

Speed: ``group(texts, workers=2)`` on generated wishes at each size. Each size runs in a child process of its own, so
the figures do not mix; it generates the wishes, then times one ``group`` call. Peak memory is the resident set
size from ``resource.getrusage``: ``ru_maxrss`` of that child (RUSAGE_SELF, which includes the generated texts,
shown before grouping as "texts") and of the largest of its word-cutting worker processes (RUSAGE_CHILDREN). The
growth exponent between consecutive sizes is log(t2/t1) / log(n2/n1): 1 is linear. Also shown: the distinct word
lists the clustering works on, the classes found and the ARI of the classes against the need each generated wish
was made from (a check that sampling and assignment keep quality at scale, on easy text). ``--profile`` prints the
functions that took the most time, per size.

The generator: about 40 needs, each with several phrasings written for this file, filled with persons, surnames,
ages (digits or words), streets, compounds, buildings, units and grades, and wrapped in openings and closings (a
grid worker typing for a resident, thanks, urgency). Noise: some wishes in Traditional characters, some with
full-width digits, some with a space between every character, some punctuation doubled, some sent twice. The same
``--seed`` gives the same wishes.
"""

import argparse
import cProfile
import io
import json
import math
import pstats
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from math import comb
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sanji.classes.grouping import Settings, group  # noqa: E402

DEV = ROOT / "tests" / "data" / "wish_classes" / "dev.jsonl"
WORKERS = 2

# Slots: {old} an older person, {kid} a child, {me} whoever needs it, {where} an address, {age} an age, {grade} a school
# grade, {n} a small number. Each need: several ways residents put it.
NEEDS: dict[str, list[str]] = {
    "wheelchair-repair": [
        "{old}的轮椅刹车不灵了，想找个师傅修一修",
        "轮椅的轮胎扎破了，推都推不动，求维修",
        "助行器一条腿松了，走起来晃，能不能帮忙修一下",
        "{old}的电动轮椅充不进电了，需要检修",
        "拐杖底下的防滑垫磨没了，想换个新的",
        "轮椅脚踏板断了，{old}坐着脚没地方放，请人来修",
    ],
    "wheelchair-obtain": [
        "{old}腿脚越来越不行，想申请一台轮椅",
        "能不能借一辆轮椅用两周，{old}要去医院复查",
        "想给{old}买个助行器，不知道哪里买合适",
        "残疾人辅具怎么申领？想要一副拐杖",
        "家里没有轮椅，{old}出门全靠人背，想租一台",
    ],
    "home-haircut": [
        "{old}卧床不起，想请理发师上门剪剪头发",
        "有没有义剪的志愿者能上门理发？{old}下不了楼",
        "{old}行动不便，头发好长了，求上门理发",
        "想预约上门理发，{old}{age}了",
    ],
    "meal-delivery": [
        "{old}一个人住，做饭很困难，想申请送餐",
        "长者食堂能不能每天中午送一份饭上门",
        "想给{old}办一张助餐卡",
        "{old}吃饭总凑合，希望社区助餐点能送饭",
    ],
    "elder-bathing": [
        "{old}瘫痪在床，想预约上门助浴",
        "有没有助浴服务？{old}很久没好好洗澡了",
        "能不能安排人上门给{old}擦身洗澡",
    ],
    "winter-clothing": [
        "天冷了，{old}没有厚棉衣，希望有人捐一件",
        "家里被子太薄，想要一床棉被过冬",
        "求冬衣和棉鞋，{me}一到冬天就冻得不行",
        "{kid}长个了，去年的羽绒服穿不上，想求一件",
    ],
    "food-supplies": [
        "家里困难，希望能送些米面油",
        "{me}生病没了收入，家里缺大米和食用油",
        "想申请一点粮油帮扶，家里快断粮了",
        "困难家庭，过年想要点大米面粉鸡蛋",
    ],
    "school-supplies": [
        "{kid}上学缺书包和文具",
        "开学了买不起校服，希望有人资助",
        "想要几本练习册和一盏台灯，给{kid}学习用",
        "{kid}的铅笔橡皮作业本都用完了，家里困难",
    ],
    "home-pipe-leak": [
        "家里水管漏水了，求维修",
        "厨房水龙头一直滴水，想找人来换一个",
        "马桶水箱漏水，{old}不会修",
        "暖气片接口渗水，地板都湿了",
        "卫生间角阀坏了，水关不住",
    ],
    "home-lamp": [
        "卧室的灯不亮了，想请电工来看看",
        "家里插座冒火花，想找人检修一下线路",
        "客厅开关坏了，灯打不开",
        "家里老跳闸，想请人查查电路",
    ],
    "bathroom-grab-bar": [
        "想在卫生间马桶边上装个扶手，{old}起身困难",
        "浴室地滑，申请加装扶手和防滑垫",
        "适老化改造，想在床边和厕所各装一个扶手",
    ],
    "tv-settop-repair": [
        "电视没信号了，{old}不会调",
        "机顶盒坏了，看不了电视",
        "有线电视的频道都找不到了，请人上门调一调",
        "电视只有声音没有图像，{old}看不了新闻",
    ],
    "door-window-repair": [
        "家里门锁坏了，钥匙拧不动",
        "窗户关不严，冬天漏风，求维修",
        "纱窗破了个洞，想换纱网",
        "防盗门锁芯坏了，{old}被锁在外面",
    ],
    "hospital-escort": [
        "{old}要去医院复查，子女不在身边，想找志愿者陪同",
        "下周要做手术，需要有人陪床",
        "想找人陪{old}去医院挂号看病",
        "{old}每周去医院透析，需要有人陪诊",
    ],
    "medicine-delivery": [
        "{old}的降压药吃完了，能帮忙代购送上门吗",
        "每个月想请人帮忙去药店取一次药",
        "出不了门，求帮忙买点感冒药",
        "需要胰岛素，能不能帮忙买了送到家",
    ],
    "home-health-check": [
        "想请家庭医生上门给{old}量血压",
        "{old}出不了门，能上门测血糖吗",
        "刚出院，需要护士上门换药",
        "社区能不能组织上门体检",
    ],
    "homework-tutoring": [
        "{kid}数学跟不上，想找志愿者辅导功课",
        "{kid}英语成绩差，有没有免费补习",
        "{kid}上{grade}，作业没人辅导",
        "请不起家教，想找大学生给{kid}补课",
    ],
    "after-school-care": [
        "放学后没人接{kid}，有四点半课堂吗",
        "暑假想给{kid}报个托管班",
        "双职工家庭，{kid}放学后需要托管",
    ],
    "child-counselling": [
        "{kid}最近情绪低落不爱说话，想找心理老师疏导",
        "{kid}厌学，想做心理咨询",
        "{kid}压力大老失眠，需要心理辅导",
    ],
    "elder-companionship": [
        "{old}独居很孤单，希望有人常来聊聊天",
        "想请志愿者定期探望{old}",
        "{old}一个人在家闷得慌，希望有人陪着说说话",
    ],
    "smartphone-training": [
        "想学用智能手机，微信视频不会打",
        "{old}不会用手机挂号，希望有人教教",
        "社区能开个老年人手机培训班吗",
        "{old}想学手机支付，买菜老用现金",
    ],
    "vocational-skill": [
        "想参加家政培训，考个证",
        "有没有免费的电工技能培训",
        "想学面点手艺，社区有培训班吗",
        "育婴师培训怎么报名",
    ],
    "elder-culture-activity": [
        "{old}想参加社区的广场舞队",
        "老年合唱团还招人吗",
        "希望社区多组织老年人文艺活动",
        "几个老姐妹想排练节目，求个活动场地",
    ],
    "fitness-equipment": [
        "小区的健身器材坏了，希望维修",
        "希望小区多装几件健身器材",
        "篮球架歪了，{kid}没法打球",
    ],
    "kids-interest-class": [
        "想给{kid}报个绘画兴趣班",
        "社区有没有少儿围棋课",
        "暑假想让{kid}参加科普活动",
    ],
    "subsidy-policy": [
        "想咨询一下低保怎么申请",
        "{old}{age}了，能领高龄补贴吗",
        "家里困难，能不能申请临时救助",
        "残疾人补贴需要什么材料",
    ],
    "medical-insurance": [
        "医保异地报销怎么办理",
        "想问问养老保险断缴了能不能补",
        "{kid}刚出生，怎么参加居民医保",
        "医保卡丢了，怎么补办",
    ],
    "job-seeking": [
        "失业在家，想找份工作",
        "想找个离家近的保洁工作",
        "有没有适合残疾人的岗位推荐",
        "{me}会开车，想找个司机的活",
    ],
    "startup-support": [
        "想开个小店，能申请创业贷款吗",
        "创业担保贷款需要什么条件",
        "想自主创业，求创业指导",
    ],
    "neighbor-noise": [
        "楼上半夜噪音太大，希望调解",
        "邻居装修天天电钻响，吵得没法休息",
        "楼下广场舞音响太吵，说了不听",
    ],
    "neighbor-leak-dispute": [
        "楼上漏水渗到我家，协商不成，希望调解",
        "卫生间漏水跟楼下闹纠纷，请社区出面",
        "楼上暖气漏水泡坏了吊顶，双方谈不拢",
    ],
    "property-dispute": [
        "物业乱收费，业主不满，希望协调",
        "物业服务差，物业费却涨了，想请社区主持公道",
        "和物业因为停车费闹纠纷",
    ],
    "family-dispute": [
        "子女不赡养老人，希望调解",
        "婆媳矛盾很大，想请调解员",
        "兄弟分家闹矛盾，{old}很伤心",
    ],
    "stairwell-handrail": [
        "楼道扶手松动了，很危险",
        "单元楼梯没有扶手，希望加装",
        "楼梯栏杆生锈断了一截",
    ],
    "public-drain": [
        "小区下水道堵了，污水往外冒",
        "雨水井堵塞，一下雨就积水",
        "楼后排水沟堵死了，味道很大",
    ],
    "stairwell-lighting": [
        "楼道灯坏了，晚上太黑",
        "小区路灯不亮好几天了",
        "声控灯失灵，上下楼看不见",
    ],
    "corridor-clutter": [
        "楼道堆满杂物，堵了消防通道",
        "地下室过道杂物太多，希望清理",
        "有人在楼梯间堆放废品",
    ],
    "garbage-sorting-bins": [
        "垃圾分类桶坏了，希望换新的",
        "小区垃圾桶太少，希望增设",
        "垃圾没人清运，堆在地上",
    ],
    "parking-order": [
        "小区乱停车，消防通道被占",
        "有僵尸车占着车位好久了",
        "车停在单元门口，轮椅出不去",
    ],
    "ebike-charging": [
        "小区没有电动车充电桩，希望安装",
        "充电桩坏了，电动车没法充电",
        "有人飞线充电很危险，希望建个充电棚",
    ],
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
OLD = "我妈 我爸 我家老人 老伴 {s}大爷 {s}奶奶 {s}阿姨 独居的{s}大妈 我婆婆 我公公 孤寡老人{s}爷爷".split()
KIDS = "孩子 儿子 女儿 孙子 孙女 我家小孩 外孙 {s}家的孩子".split()
ME = "我 我爱人 我丈夫 我们家 {s}大姐 {s}师傅".split()
STREETS = "香港中路街道 金门路街道 湛山街道 八大峡街道 珠海路街道 江苏路街道 中山路街道 八大关街道".split()
COMPOUND_HEADS = "阳光 海韵 金湾 青松 幸福 和平 翠竹 丽景 滨海 东方 福山 松岭 银海 春和 景苑 长安 盛世".split()
COMPOUND_HEADS += "明珠 观海 嘉禾 紫荆 望海 瑞祥 安居 兴隆 泰和".split()
COMPOUND_TAILS = "苑 花园 小区 新村 家园 里 公寓 大院 山庄 名居".split()
GRADES = "一年级 二年级 三年级 四年级 五年级 六年级 初一 初二 初三 高一 高二".split()
OPENINGS = ["", "", "", "", "网格员代填：", "网格员代填：", "您好，", "麻烦问一下，", "求助：", "社区好，"]
CLOSINGS = ["", "", "", "。", "，谢谢", "，谢谢！", "，麻烦尽快", "！！", "，急", "，辛苦了"]
FULL_WIDTH = {code: code + 0xFEE0 for code in range(ord("0"), ord("9") + 1)}  # ０..９
CN_DIGITS = "零一二三四五六七八九"


def generate(count: int, seed: int) -> tuple[list[str], list[str]]:
    """Return ``count`` made-up wishes and the need each was made from; the same seed gives the same wishes."""
    import opencc

    traditional = opencc.OpenCC("s2t")
    rng = random.Random(seed)
    needs = list(NEEDS)
    texts: list[str] = []
    truth: list[str] = []
    while len(texts) < count:
        if texts and rng.random() < 0.03:  # sent twice
            pick = rng.randrange(len(texts))
            texts.append(texts[pick])
            truth.append(truth[pick])
            continue
        need = rng.choice(needs)
        body = _fill(rng.choice(NEEDS[need]), rng)
        text = rng.choice(OPENINGS) + _context(rng) + body + rng.choice(CLOSINGS)
        roll = rng.random()
        if roll < 0.10:
            text = traditional.convert(text)
        elif roll < 0.18:
            text = text.translate(FULL_WIDTH)
        elif roll < 0.21:
            text = " ".join(text)
        if rng.random() < 0.05:
            text = text.replace("，", "，，").replace("？", "？？")
        texts.append(text)
        truth.append(need)
    return texts, truth


def _fill(template: str, rng: random.Random) -> str:
    surname = rng.choice(SURNAMES)
    return template.format(
        old=rng.choice(OLD).format(s=surname),
        kid=rng.choice(KIDS).format(s=surname),
        me=rng.choice(ME).format(s=surname),
        age=_age(rng),
        grade=rng.choice(GRADES),
    )


def _context(rng: random.Random) -> str:
    """Return where the wish comes from, or nothing: a street, compound, building, unit, room, or an age."""
    roll = rng.random()
    compound = rng.choice(COMPOUND_HEADS) + rng.choice(COMPOUND_TAILS)
    building = f"{rng.randint(1, 40)}号楼"
    if roll < 0.35:
        return ""
    if roll < 0.55:
        return f"{building}{rng.randint(1, 6)}单元{rng.randint(1, 7)}0{rng.randint(1, 4)}，"
    if roll < 0.70:
        return f"{rng.choice(STREETS)}{compound}{building}，"
    if roll < 0.85:
        return f"住{compound}，{_age(rng)}，"
    return f"{compound}{rng.choice(['一', '二', '三', '四', '五', '六'])}楼，"


def _age(rng: random.Random) -> str:
    age = rng.randint(60, 98)
    if rng.random() < 0.5:
        return f"{age}岁"
    tens, ones = divmod(age, 10)
    return f"{CN_DIGITS[tens]}十{CN_DIGITS[ones] if ones else ''}岁"


def quality() -> None:
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(f"== quality on {DEV.relative_to(ROOT)} ({len(rows)} wishes), default Settings: {Settings()}")
    print(f"   {'split':<8} {'wishes':>6} {'ARI':>6} {'pair P':>7} {'pair R':>7} {'classes':>8} {'labelled':>8}")
    for split in ("tune", "holdout", "all"):
        chosen = [row for row in rows if split == "all" or row["split"] == split]
        truth = [row["class"] for row in chosen]
        found = [a.key for a in group([row["text"] for row in chosen])]
        precision, recall = pairwise(truth, found)
        print(
            f"   {split:<8} {len(chosen):>6} {ari(truth, found):>6.3f} {precision:>7.3f} {recall:>7.3f} "
            f"{len(set(found)):>8} {len(set(truth)):>8}"
        )


def pairwise(truth: list[str], found: list[str]) -> tuple[float, float]:
    """Return pairwise precision and recall of ``found`` against ``truth``."""
    together = sum(comb(n, 2) for n in Counter(zip(truth, found, strict=True)).values())
    found_pairs = sum(comb(n, 2) for n in Counter(found).values())
    true_pairs = sum(comb(n, 2) for n in Counter(truth).values())
    return (together / found_pairs if found_pairs else 1.0), (together / true_pairs if true_pairs else 1.0)


def ari(truth: list[str], found: list[str]) -> float:
    """Return the adjusted Rand index of ``found`` against ``truth`` (as sklearn's adjusted_rand_score)."""
    together = sum(comb(n, 2) for n in Counter(zip(truth, found, strict=True)).values())
    true_pairs = sum(comb(n, 2) for n in Counter(truth).values())
    found_pairs = sum(comb(n, 2) for n in Counter(found).values())
    expected = true_pairs * found_pairs / comb(len(truth), 2) if len(truth) > 1 else 0.0
    most = (true_pairs + found_pairs) / 2
    return 1.0 if most == expected else (together - expected) / (most - expected)


def speed_one(size: int, seed: int, workers: int, profile: bool) -> None:
    """Generate ``size`` wishes, group them once, print one JSON line for the parent to read."""
    texts, truth = generate(size, seed)
    texts_mb = peak_mb(resource.RUSAGE_SELF)
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    found = group(texts, workers=workers)
    if profiler:
        profiler.disable()
    elapsed = time.perf_counter() - started
    keys = [a.key for a in found]
    print(
        json.dumps(
            {
                "size": size,
                "seconds": elapsed,
                "texts_mb": texts_mb,
                "peak_mb": peak_mb(resource.RUSAGE_SELF),
                "workers_mb": peak_mb(resource.RUSAGE_CHILDREN),
                "classes": len(set(keys)),
                "distinct_texts": len(set(texts)),
                "ari": ari(truth, keys),
            }
        ),
        flush=True,
    )
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
        print(out.getvalue(), file=sys.stderr)


def speed(sizes: list[int], seed: int, workers: int, profile: bool) -> None:
    print(f"== speed: group(texts, workers={workers}) on generated wishes, seed {seed}, one child process per size")
    print(
        f"   {'wishes':>9} {'seconds':>8} {'exponent':>8} {'texts MB':>9} {'peak MB':>8} {'workers MB':>10} "
        f"{'distinct':>9} {'classes':>8} {'ARI':>6}"
    )
    previous = None
    for size in sizes:
        command = [sys.executable, __file__, "--one", str(size), "--seed", str(seed), "--workers", str(workers)]
        done = subprocess.run(command + ["--profile"] * profile, check=True, stdout=subprocess.PIPE, text=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        exponent = ""
        if previous:
            exponent = f"{math.log(result['seconds'] / previous['seconds']) / math.log(size / previous['size']):.2f}"
        print(
            f"   {size:>9,} {result['seconds']:>8.1f} {exponent:>8} {result['texts_mb']:>9,.0f} "
            f"{result['peak_mb']:>8,.0f} {result['workers_mb']:>10,.0f} {result['distinct_texts']:>9,} "
            f"{result['classes']:>8,} {result['ari']:>6.3f}",
            flush=True,
        )
        previous = result


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated numbers of wishes")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--no-quality", action="store_true", help="skip the labelled set")
    parser.add_argument("--profile", action="store_true", help="print where the time goes, per size (to stderr)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child process for one size
    args = parser.parse_args()
    if args.one:
        speed_one(args.one, args.seed, args.workers, args.profile)
        return
    try:
        sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    except ValueError:
        parser.error(f"--sizes takes numbers, not {args.sizes!r}")
    if not args.no_quality:
        quality()
    if sizes:
        speed(sizes, args.seed, args.workers, args.profile)


if __name__ == "__main__":
    main()
