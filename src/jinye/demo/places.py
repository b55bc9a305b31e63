"""Invented names for the demo county: organisation, areas, towns, people and shops."""

COMPANY_CODE = "DEMO"
COMPANY_NAME = "清江市烟草公司"
DEPARTMENT_CODE = "QX"
DEPARTMENT_NAME = "清溪县营销部"

# County seat, roughly where a real Hubei mountain county would sit.
COUNTY_CENTRE = (33.0, 110.4)

# (code, name, share of retailers, towns); each town is
# (name, latitude offset, longitude offset, spread in degrees, share urban).
AreaSpec = tuple[str, str, float, list[tuple[str, float, float, float, float]]]
AREAS: list[AreaSpec] = [
    ("A01", "城关市场部", 0.38, [("城关镇", 0.0, 0.0, 0.012, 0.92)]),
    (
        "A02",
        "东河市场部",
        0.32,
        [
            ("东河镇", 0.05, 0.16, 0.015, 0.45),
            ("柳林镇", -0.08, 0.22, 0.02, 0.3),
            ("双桥乡", 0.12, 0.28, 0.025, 0.12),
            ("石门乡", -0.02, 0.34, 0.025, 0.1),
        ],
    ),
    (
        "A03",
        "西岭市场部",
        0.30,
        [
            ("西岭镇", 0.06, -0.18, 0.015, 0.45),
            ("白岩镇", -0.1, -0.25, 0.02, 0.3),
            ("青山乡", 0.15, -0.3, 0.025, 0.12),
            ("马头乡", -0.04, -0.38, 0.025, 0.1),
        ],
    ),
]

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
)
GIVEN_CHARS = list(
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国红梅玉兵林成海波志文斌辉春燕德荣"
    "长发金山云龙凤琴翠萍宏亮家宝顺利永福庆彩菊"
)
STREETS = ["人民路", "解放路", "建设路", "新华街", "沿河路", "车站路", "天河路", "府前街", "文化路"]
VILLAGE_WORDS = list("河坪湾岭沟口坝桥岗垭")
SHOP_SUFFIX = {
    "grocery": ["便民店", "商店", "副食店", "小卖部", "食杂店"],
    "convenience": ["便利店", "快客便利", "便利超市"],
    "supermarket": ["超市", "购物中心", "生活超市"],
    "tobacco_liquor": ["烟酒店", "名烟名酒", "烟酒商行"],
    "entertainment": ["茶楼", "宾馆", "网吧", "棋牌室"],
    "mall": ["商场", "百货"],
    "other": ["加油站便利店", "农资店", "餐馆"],
}
# Business-format mix (codes of retailers.models.BusinessFormat) and relative size.
FORMATS: list[tuple[str, float, float]] = [
    ("grocery", 0.70, 1.0),
    ("convenience", 0.10, 1.2),
    ("supermarket", 0.06, 2.0),
    ("tobacco_liquor", 0.07, 2.2),
    ("entertainment", 0.04, 0.7),
    ("mall", 0.005, 2.5),
    ("other", 0.025, 0.6),
]
