"""Allocation explanations are true and plain (issue 13 item 6).

A retailer reads why it got what it got: the week's supply against everyone's requests (never
充足 when the requests exceed the supply), how shares were set and its own share, what stopped
it (its request, the per-order cap, the large-retailer limit) and how rounding to whole 条
moved it, with the tie-break named — in its words, no 水位系数. Seed 002 篇六: "在低档紧俏烟的
货源分配上，向农村中小客户适当倾斜" and "坚持对经营大户实行限量的原则". Every expected sentence
is written by hand from the figures in the case's comment.
"""

import math
import re

import polars as pl
import pytest
from django.utils.translation import override
from hypothesis import given, settings
from hypothesis import strategies as st

from jinye.engines.allocation import METHODS, AllocationConfig, allocate
from jinye.supply import explain

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

# Tier, request, scale, location, cap of five shops; all requests together: 125 条.
FIVE = pl.DataFrame(
    {
        "retailer_id": [1, 2, 3, 4, 5],
        "request": [40, 5, 30, 0, 50],
        "tier": [30, 10, 20, 5, 25],
        "scale": ["large", "small", "medium", "small", "medium"],
        "location_type": ["urban", "rural", "urban", "urban", "urban"],
        "cap": [None, None, 8, None, None],
    },
    schema_overrides={"cap": pl.Int64},
)

EVEN = "均衡分配：申请量少的先足额满足，其余客户分得一样多，"
WHOLE = (
    "只投整条：各户先得份额的整数部分，剩下的{n}条按小数部分从大到小每户补1条；"
    "小数部分相同时先补档位高的客户，档位也相同时先补在系统中登记早的客户。"
)
WHOLE_EN_ONE = (
    "Only whole cartons: everyone first gets the whole part of their share; the 1 carton "
    "left goes to the largest fraction; equal fractions go to the higher tier first, then to "
    "the retailer registered in the system earlier."
)


def reasons(rows: pl.DataFrame, supply: int, config: AllocationConfig, language: str) -> list[str]:
    out = allocate(rows, supply, config)
    demand = int(out["request"].sum())
    data = [
        explain.allowance_data(r, supply=supply, demand=demand, method=config.method)
        for r in out.to_dicts()
    ]
    with override(language):
        return [explain.allowance_explanation(d) for d in data]


def shops(requests: list[int], tiers: list[int], location: str = "urban") -> pl.DataFrame:
    n = len(requests)
    return pl.DataFrame(
        {
            "retailer_id": list(range(1, n + 1)),
            "request": requests,
            "tier": tiers,
            "scale": ["small"] * n,
            "location_type": [location] * n,
        }
    )


def test_enough_supply_says_so_and_names_the_cap() -> None:
    """Proportional, supply 200 against 125 requested: enough. Everyone gets its request,
    shop 3 its cap of 8, shop 4 asked nothing."""
    config = AllocationConfig(method="proportional")
    zh = reasons(FIVE, 200, config, "zh-hans")
    week = "本周货源200条，全部客户共申请125条，货源充足。"
    assert zh[0] == f"档位30，申请40条，无单独上限。{week}按申请量足额满足。分得40条。"
    assert zh[2] == f"档位20，申请30条，上限8条。{week}达到单品批次购进量上限8条。分得8条。"
    assert zh[3] == f"档位5，申请0条，无单独上限。{week}未申请，不投放。分得0条。"
    en = reasons(FIVE, 200, config, "en")
    assert en[0] == (
        "Tier 30, requested 40 cartons, no cap of its own. This week's supply is 200 cartons "
        "and all retailers together requested 125 cartons: enough for every request. The "
        "full request is met. Allotted 40 cartons."
    )
    assert en[2].endswith("Held to the per-order purchase cap of 8 cartons. Allotted 8 cartons.")


def test_short_supply_gives_each_its_share_and_the_cause() -> None:
    """Even shares, large-retailer limit 10, supply 30 against 125: bounds 10, 5, 8, 0, 50;
    level 8.5 (8.5 + 5 + 8 + 8.5 = 30). Whole parts 8 + 5 + 8 + 0 + 8 = 29, one left for
    the fractions 0.5 (tier 30) and 0.5 (tier 25): the higher tier gets it."""
    config = AllocationConfig(method="max_min_fair", large_limit=10)
    zh = reasons(FIVE, 30, config, "zh-hans")
    week = "本周货源30条，全部客户共申请125条，货源不足。"
    assert zh == [
        f"档位30，申请40条，上限10条。{week}{EVEN}您的份额为8.5条。{WHOLE.format(n=1)}"
        "您补到1条。分得9条。",
        f"档位10，申请5条，无单独上限。{week}{EVEN}您的份额为5条。您的份额够申请量，足额满足。"
        "分得5条。",
        f"档位20，申请30条，上限8条。{week}{EVEN}您的份额为8条。达到单品批次购进量上限8条。"
        "分得8条。",
        f"档位5，申请0条，无单独上限。{week}未申请，不投放。分得0条。",
        f"档位25，申请50条，无单独上限。{week}{EVEN}您的份额为8.5条。{WHOLE.format(n=1)}"
        "您的小数部分0.5与最后补到的客户相同，但对方档位更高，您未补到。分得8条。",
    ]
    assert not any("充足" in z or "水位" in z for z in zh)
    en = reasons(FIVE, 30, config, "en")
    assert en[4] == (
        "Tier 25, requested 50 cartons, no cap of its own. This week's supply is 30 cartons and "
        "all retailers together requested 125 cartons: not enough for every request. Shared "
        "evenly: small requests are met in full first and the rest share alike; your share is "
        f"8.5 cartons. {WHOLE_EN_ONE} Your fraction, 0.5, equalled the last one to get a "
        "carton, but that retailer's tier was higher, so you got none. Allotted 8 cartons."
    )
    assert not any(CJK.search(e) for e in en)


def test_rounding_down_states_the_fractions() -> None:
    """Proportional, supply 5 against 4 + 5 + 6 = 15: level 1/3, shares 1.33, 1.67, 2. Whole
    parts 1 + 1 + 2 = 4, one left for the largest fraction (0.67): 1, 2, 2."""
    config = AllocationConfig(method="proportional")
    rows = shops([4, 5, 6], [12, 12, 12])
    zh = reasons(rows, 5, config, "zh-hans")
    head = "本周货源5条，全部客户共申请15条，货源不足。按申请量比例分配，"
    assert zh[0] == (
        f"档位12，申请4条，无单独上限。{head}您的份额为1.33条。{WHOLE.format(n=1)}"
        "您的小数部分0.33低于补到的最小小数部分0.67，未补到。分得1条。"
    )
    assert zh[1].endswith("您的份额为1.67条。" + WHOLE.format(n=1) + "您补到1条。分得2条。")
    assert zh[2] == f"档位12，申请6条，无单独上限。{head}您的份额为2条。分得2条。"
    en = reasons(rows, 5, config, "en")
    assert en[0] == (
        "Tier 12, requested 4 cartons, no cap of its own. This week's supply is 5 cartons and "
        "all retailers together requested 15 cartons: not enough for every request. Shared in "
        "proportion to requests; your share is 1.33 cartons. "
        f"{WHOLE_EN_ONE} Your fraction, 0.33, was below the smallest that got one (0.67), so "
        "you got none. Allotted 1 carton."
    )


# (tiers, supply, the last shop's Chinese and English outcome, allowances), requests all 1.
TIE_CASES = [
    # The case: level 2/3 each, no whole parts, 2 left, all fractions 0.67: tiers 30
    # and 26 get one, tier 19 none.
    (
        [19, 26, 30],
        2,
        "您的小数部分0.67与最后补到的客户相同，但对方档位更高，您未补到。分得0条。",
        "Your fraction, 0.67, equalled the last one to get a carton, but that retailer's tier "
        "was higher, so you got none. Allotted 0 cartons.",
        [0, 1, 1],
    ),
    # Same tier: level 1/2 each, one left, the earlier registered shop gets it.
    (
        [26, 26],
        1,
        "您的小数部分0.5和档位都与最后补到的客户相同，但对方登记在先，您未补到。分得0条。",
        "Your fraction, 0.5, and your tier equalled the last one to get a carton, but that "
        "retailer was registered earlier, so you got none. Allotted 0 cartons.",
        [1, 0],
    ),
]


@pytest.mark.parametrize(("tiers", "supply", "zh_end", "en_end", "allowances"), TIE_CASES)
def test_a_tie_names_the_rule_that_broke_it(
    tiers: list[int], supply: int, zh_end: str, en_end: str, allowances: list[int]
) -> None:
    rows = shops([1] * len(tiers), tiers)
    config = AllocationConfig(method="max_min_fair")
    assert allocate(rows, supply, config)["allowance"].to_list() == allowances
    loser = allowances.index(0)
    zh = reasons(rows, supply, config, "zh-hans")[loser]
    assert zh.startswith(f"档位{tiers[loser]}，申请1条，无单独上限。本周货源{supply}条，")
    assert "货源不足" in zh and WHOLE.format(n=supply) in zh and zh.endswith(zh_end)
    en = reasons(rows, supply, config, "en")[loser]
    assert en.endswith(en_end) and not CJK.search(en)


def test_the_rural_tilt_is_stated_with_its_factor() -> None:
    """By tier (tier 10 → 4 条 in the table), tilt 1.5, supply 5, a rural and an urban medium
    shop asking 10 each. Slopes 6 and 4 → level 0.5 → shares 3 and 2, whole."""
    rows = pl.DataFrame(
        {
            "retailer_id": [1, 2],
            "request": [10, 10],
            "tier": [10, 10],
            "scale": ["medium", "medium"],
            "location_type": ["rural", "urban"],
        }
    )
    config = AllocationConfig(method="by_tier", tier_table={1: 1, 10: 4}, rural_tilt=1.5)
    zh = reasons(rows, 5, config, "zh-hans")
    assert zh[0] == (
        "档位10，申请10条，无单独上限。本周货源5条，全部客户共申请20条，货源不足。"
        "农村客户倾斜：您的份额按1.5倍计算。按档位投放：各档按档位表的数量同比例折算到本周货源，"
        "您的份额为3条。分得3条。"
    )
    assert "倾斜" not in zh[1]
    en = reasons(rows, 5, config, "en")
    assert "Rural tilt: your share counts 1.5 times. Shared by tier" in en[0]


def test_a_share_shown_never_reaches_the_next_whole_carton() -> None:
    assert explain._share(2.999) == "2.99"
    assert explain._share(2.996) == "2.99"
    assert explain._share(1.6667) == "1.67"
    assert explain._share(15.0) == "15"
    assert explain._share(1234.5) == "1,234.5"


@st.composite
def runs(draw: st.DrawFn) -> tuple[pl.DataFrame, int, AllocationConfig]:
    n = draw(st.integers(1, 15))
    ints = st.integers
    rows = pl.DataFrame(
        {
            "retailer_id": list(range(1, n + 1)),
            "request": draw(st.lists(ints(0, 30), min_size=n, max_size=n)),
            "tier": draw(st.lists(ints(1, 30), min_size=n, max_size=n)),
            "scale": draw(
                st.lists(st.sampled_from(["large", "medium", "small"]), min_size=n, max_size=n)
            ),
            "location_type": draw(
                st.lists(st.sampled_from(["urban", "rural"]), min_size=n, max_size=n)
            ),
            "cap": draw(st.lists(st.none() | ints(0, 20), min_size=n, max_size=n)),
        },
        schema_overrides={"cap": pl.Int64},
    )
    config = AllocationConfig(
        method=draw(st.sampled_from(METHODS)),
        tier_table={1: 1, 5: 2, 10: 4, 20: 8, 30: 12},
        large_limit=draw(st.none() | ints(0, 15)),
        rural_tilt=draw(st.none() | st.floats(1.0, 3.0)),
    )
    return rows, draw(ints(0, 30 * n)), config


@settings(max_examples=150, deadline=None)
@given(runs())
def test_the_stored_reason_agrees_with_the_figures(
    run: tuple[pl.DataFrame, int, AllocationConfig],
) -> None:
    """For random runs, the category read from the stored codes matches asked, got, supply
    and demand, and the sentence in each language says the same."""
    rows, supply, config = run
    out = allocate(rows, supply, config)
    demand = int(out["request"].sum())
    for row in out.to_dicts():
        data = explain.allowance_data(row, supply=supply, demand=demand, method=config.method)
        code, p = data["code"], data["params"]
        asked, got, share = p["request"], p["allowance"], p["share"]
        with override("zh-hans"):
            zh = explain.allowance_explanation(data)
        with override("en"):
            en = explain.allowance_explanation(data)
        assert not CJK.search(en) and "水位" not in zh
        assert zh.endswith(f"分得{got:,}条。")
        short = demand > supply
        assert ("货源不足" in zh) == short and ("货源充足" in zh) == (not short)
        assert ("not enough for every request" in en) == short
        # The cause a retailer reads matches what happened.
        if asked == 0:
            assert code == "no_request" and got == 0 and "未申请" in zh
        elif got >= asked:
            assert code == "request" and got == asked and "足额满足" in zh
        elif code == "cap":
            assert got == p["cap"] and f"上限{p['cap']:,}条。" in zh
        elif code == "large_limit":
            assert got == p["cap"] == config.large_limit and "经营大户限量" in zh
        else:
            assert code == "share" and short and "您的份额为" in zh
        # Rounding: the words match how whole 条 moved the share.
        how = p["rounding"]
        whole = math.floor(share + 1e-9)
        if how == "exact":
            assert abs(got - share) < 1e-6 and "只投整条" not in zh
        elif how == "up":
            assert got == whole + 1 and "您补到1条。" in zh
        elif how in ("down", "tie"):
            assert got == whole < share - 1e-9 and "未补到" in zh
            if p["handed"] == 0:  # the rural tilt's guarantees took what the fractions would
                assert "小数部分都未补到" in zh and "no fraction got a carton" in en
            else:
                assert "小数部分相同时先补档位高的客户" in zh and "equal fractions" in en
            if how == "tie":
                assert ("对方档位更高" in zh) == (p["tie_by"] == "tier")
                assert ("对方登记在先" in zh) == (p["tie_by"] == "order")
        else:
            assert how == "tilt_floor" and got == p["untilted"] > share
            assert f"不少于不倾斜时应得的{got:,}条" in zh
        assert ("农村客户倾斜：" in zh) == (p["tilt"] is not None and short and asked > 0)
