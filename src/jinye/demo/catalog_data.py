"""The demo catalogue: brands and SKUs (品规) with suggested retail prices per 条.

Names follow real Chinese cigarette brands so the demo reads naturally; the prices are
plausible, not quoted. Wholesale and transfer prices are derived in the generator.
Each SKU is ``(spec, suggested retail price per 条 in 元, scarce)``.
"""

BrandSpec = tuple[str, str, list[tuple[str, int, bool]]]

# Local (provincial) brands sell most; the generator boosts them (省产主销规格, seed 001 第二篇).
LOCAL_BRANDS = frozenset({"黄鹤楼", "红金龙"})

BRANDS: list[BrandSpec] = [
    (
        "黄鹤楼",
        "湖北中烟",
        [
            ("硬1916", 1000, True),
            ("软珍品", 330, True),
            ("硬珍品", 300, True),
            ("天下名楼", 250, False),
            ("硬金砂", 200, False),
            ("软蓝", 190, False),
            ("硬雅韵", 160, False),
            ("硬红", 120, False),
            ("软红", 100, False),
        ],
    ),
    (
        "红金龙",
        "湖北中烟",
        [
            ("硬九州腾龙", 200, False),
            ("软九州腾龙", 170, False),
            ("软蓝九州腾龙", 150, False),
            ("硬红龙", 100, False),
            ("软虹之彩", 70, False),
            ("硬喜", 60, False),
            ("硬佳品", 65, False),
            ("硬红", 30, False),
            ("软红", 18, True),
            ("软蓝", 14, False),
        ],
    ),
    ("中华", "上海烟草", [("硬", 450, True), ("软", 650, True), ("双中支", 500, True)]),
    (
        "云烟",
        "红云红河",
        [
            ("软大重九", 1000, True),
            ("软珍品", 220, False),
            ("神秘花园", 160, False),
            ("紫", 110, False),
            ("软如意", 80, False),
            ("硬红", 70, False),
        ],
    ),
    ("利群", "浙江中烟", [("阳光", 260, False), ("软红长嘴", 180, False), ("新版", 140, False)]),
    ("芙蓉王", "湖南中烟", [("硬", 250, True), ("软蓝", 220, False), ("硬细支", 200, False)]),
    ("玉溪", "红塔集团", [("软", 230, False), ("初心", 200, False), ("硬", 220, False)]),
    (
        "双喜",
        "广东中烟",
        [("硬经典", 100, False), ("莲香", 60, False), ("硬红", 35, False), ("软红", 20, False)],
    ),
    ("红河", "红云红河", [("软甲", 90, False), ("硬", 65, False), ("软", 25, False)]),
    (
        "白沙",
        "湖南中烟",
        [
            ("和天下", 1000, True),
            ("硬新精品二代", 100, False),
            ("精品", 80, False),
            ("硬", 60, False),
        ],
    ),
    (
        "七匹狼",
        "福建中烟",
        [("通仙", 200, False), ("软蓝", 150, False), ("纯香", 100, False), ("白", 80, False)],
    ),
    ("南京", "江苏中烟", [("雨花石", 1000, True), ("炫赫门", 180, False), ("红", 120, False)]),
    ("泰山", "山东中烟", [("心悦", 150, False), ("红将军", 80, False), ("白将军", 70, False)]),
    (
        "钻石",
        "河北中烟",
        [("荷花", 350, False), ("硬蓝", 60, False), ("硬玫瑰", 55, False), ("软红", 20, False)],
    ),
    (
        "红旗渠",
        "河南中烟",
        [("天地缘", 100, False), ("银河之光", 60, False), ("硬红", 30, False), ("软", 15, False)],
    ),
    ("猴王", "湖南中烟", [("硬大猴王", 60, False), ("硬", 30, False), ("软", 20, False)]),
    ("雄狮", "浙江中烟", [("硬红", 60, False), ("硬", 30, False), ("软", 18, False)]),
    ("哈德门", "山东中烟", [("精品", 60, False), ("硬", 35, False), ("软", 15, False)]),
    (
        "黄金叶",
        "河南中烟",
        [
            ("天叶", 1000, True),
            ("硬帝豪", 140, False),
            ("乐途", 100, False),
            ("硬红旗渠", 40, False),
        ],
    ),
    ("真龙", "广西中烟", [("海韵", 200, False), ("硬红", 100, False), ("软", 60, False)]),
    ("娇子", "川渝中烟", [("宽窄五粮浓香", 300, False), ("蓝", 100, False)]),
    ("长白山", "吉林烟草", [("777", 100, False), ("硬红", 75, False)]),
    ("苏烟", "江苏中烟", [("软金砂", 450, True), ("五星红杉树", 160, False)]),
    ("贵烟", "贵州中烟", [("跨越", 350, False), ("硬高遵", 200, False), ("硬黄", 70, False)]),
    ("黄山", "安徽中烟", [("红方印", 150, False), ("硬红", 60, False), ("软", 25, False)]),
    ("好猫", "陕西中烟", [("金丝猴", 160, False), ("长乐", 90, False)]),
    ("金圣", "江西中烟", [("硬", 70, False), ("软", 28, False)]),
    ("红塔山", "红塔集团", [("传奇", 120, False), ("硬经典", 100, False), ("软", 35, False)]),
    ("大前门", "上海烟草", [("硬", 35, False), ("软", 25, False)]),
    ("牡丹", "上海烟草", [("软", 30, False), ("硬", 40, False)]),
    ("兰州", "甘肃烟草", [("硬吉祥", 200, False), ("硬珍品", 120, False)]),
    ("黄果树", "贵州中烟", [("长征", 70, False), ("硬", 40, False)]),
    ("人民大会堂", "上海烟草", [("硬红", 200, False), ("细支", 300, False)]),
    ("金桥", "上海烟草", [("硬", 40, False), ("软", 20, False)]),
    ("红梅", "红塔集团", [("软黄", 16, False), ("硬", 25, False)]),
]
