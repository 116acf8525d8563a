"""The typed, validated, immutable scenario.

Every parameter lives here with its default (the calibrated baseline), bounds, unit, labels
in Chinese and English, help text and source. A Scenario never changes: variants are new
objects made with :meth:`Scenario.with_changes`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from enum import IntEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from .category import BASELINE_CATEGORY, CATEGORY_PROFILES
from . import sources as src
from .params import ASSUMPTION, param

SCHEMA_VERSION = 1
MODEL_VERSION = "0.3.0"


CHANNELS = ("search", "feed", "livestream", "crm", "esg_content", "community")
ACQUISITION_CHANNELS = ("search", "feed", "livestream", "esg_content", "community")


class Channel(IntEnum):
    """How a customer came to the shop, as recorded: the acquisition channels, organic
    traffic, or the initial base of past buyers."""

    SEARCH = 0
    FEED = 1
    LIVESTREAM = 2
    ESG_CONTENT = 3
    COMMUNITY = 4
    ORGANIC = 5
    BASE = 6

    @property
    def key(self) -> str:
        """The name used in frames and KPI names ("search", ..., "organic", "base")."""
        return self.name.lower()


class Segment(IntEnum):
    ECO = 0            # eco-minded
    PRICE = 1          # price-sensitive
    CONVENIENCE = 2    # convenience-seeking

    @property
    def key(self) -> str:
        return self.name.lower()


assert tuple(c.key for c in Channel)[:len(ACQUISITION_CHANNELS)] == ACQUISITION_CHANNELS
CHANNEL_ORGANIC = int(Channel.ORGANIC)
CHANNEL_BASE = int(Channel.BASE)
CHANNEL_LABELS = {
    "search": ("站内搜索广告", "Search ads (in-platform)"),
    "feed": ("信息流/短视频广告", "Feed / short-video ads"),
    "livestream": ("直播/达人", "Livestream / KOL"),
    "crm": ("私域/CRM", "Private domain / CRM"),
    "esg_content": ("ESG 内容营销", "ESG content"),
    "community": ("商户社群联合营销", "Merchant-community joint marketing"),
}
SEGMENTS = ("eco", "price", "convenience")   # Segment keys, in code order
PACKAGING_OPTIONS = ("standard", "recycled_carton", "degradable_mailer", "reusable_box")
GRID_REGIONS = ("national", "north", "east", "central", "south", "southwest")

# Hard limits that protect the machine (the loader names them in its messages).
MAX_HORIZON_DAYS = 3650
MAX_INITIAL_CUSTOMERS = 200_000
MAX_MONTHLY_BUDGET_CNY = 20_000_000
MAX_ORDERS = 2_000_000   # workload limit per replication: about a minute of CPU and 1.5 GB
RANKING_MAX = 4.0        # platform ranking multiplies organic traffic by at most this
RANKING_MIN = 0.05       # and at least this


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_bool_for_numbers(cls, v: Any, info: Any) -> Any:
        """true/false is not a number (pydantic would read it as 1/0)."""
        if isinstance(v, bool) and cls.model_fields[info.field_name].annotation in (int, float):
            raise ValueError(f"expected a number, got {str(v).lower()}")
        return v


_BASE_PROFILE = CATEGORY_PROFILES[BASELINE_CATEGORY]   # apparel: the baseline shop
_CATEGORY_NOTE_EN = " Set by the shop category unless changed."
_CATEGORY_NOTE_ZH = "默认值随店铺品类而定，可单独修改。"


class Shop(_Section):
    """Shop profile (assumptions)."""

    category: Literal["apparel", "beauty", "home_goods", "electronics", "food"] = param(
        BASELINE_CATEGORY, zh="店铺品类", en="Shop category",
        help_en="What the shop sells. Choosing a category sets the average order value, gross "
        "margin, return rate, packaging size and supplier defect rate to that category's "
        "profile (each can still be changed). The baseline is apparel, the case the project's "
        "documents discuss (e.g. formaldehyde in clothes).",
        help_zh="店铺所售商品。选择品类会把客单价、毛利率、退货率、包装尺寸和供应商瑕疵率设为该品类的典型值（"
        "仍可逐项修改）。基准为服装，即项目文档讨论的情形（如服装甲醛问题）。",
        source="category profiles: company annual reports 2023, platform return-rate reports "
        "(see methodology)")
    order_value_cny: float = param(
        _BASE_PROFILE.order_value_cny, ge=20, le=5000, unit="CNY", zh="平均客单价",
        en="Average order value",
        help_en="Mean basket value before any green premium; individual orders vary "
        "(lognormal)." + _CATEGORY_NOTE_EN,
        help_zh="未计绿色溢价的平均订单金额；单笔订单金额服从对数正态分布。" + _CATEGORY_NOTE_ZH,
        source=_BASE_PROFILE.sources["order_value_cny"])
    order_value_sigma: float = param(
        0.35, ge=0, le=1.5, zh="客单价离散度", en="Order value dispersion",
        unit="log-sd", help_en="Standard deviation of log order value.",
        help_zh="订单金额对数的标准差。")
    gross_margin: float = param(
        _BASE_PROFILE.gross_margin, ge=0.05, le=0.95, unit="fraction", zh="毛利率",
        en="Gross margin",
        help_en="Share of the selling price left after the cost of goods." + _CATEGORY_NOTE_EN,
        help_zh="扣除商品成本后占售价的比例。" + _CATEGORY_NOTE_ZH,
        source=_BASE_PROFILE.sources["gross_margin"])
    green_price_premium: float = param(
        0.0, ge=0, le=0.10, unit="fraction", zh="绿色包装订单溢价", en="Green-order price premium",
        help_en="Price premium charged on orders shipped in green packaging; consumers say they "
        "would pay 5–10%. Price-sensitive customers dislike it.",
        help_zh="绿色包装订单加收的价格溢价；消费者愿付 5–10%。价格敏感客户会因此降低满意度。",
        source=f"{src.INDUSTRY_PLAN_CONSUMERS} (5–10% willingness to pay)", group="E")
    return_rate: float = param(
        _BASE_PROFILE.return_rate, ge=0, le=0.9, unit="fraction", zh="非质量退货率",
        en="Return rate (non-defect)",
        help_en="Share of delivered orders returned for reasons other than defects (fit, mind "
        "change). The customer pays the return postage; the parcel travels the last mile and "
        "the line-haul again." + _CATEGORY_NOTE_EN,
        help_zh="非质量原因（尺码、后悔）退货比例，退货运费由顾客承担；退件再次经过末端和干线运输。"
        + _CATEGORY_NOTE_ZH,
        source=_BASE_PROFILE.sources["return_rate"])
    pack_size_factor: float = param(
        _BASE_PROFILE.pack_size_factor, ge=0.2, le=5, unit="×", zh="包装尺寸系数",
        en="Packaging size factor",
        help_en="Packaging material per parcel (carbon and cost, every packaging option) "
        "relative to the average Chinese parcel (1 = 0.29 kg CO2e with standard packaging)."
        + _CATEGORY_NOTE_EN,
        help_zh="每件包装材料用量（碳排放和成本，适用于所有包装方案）相对全国平均快递包裹的倍数"
        "（1 即标准包装 0.29 kg CO2e）。" + _CATEGORY_NOTE_ZH,
        source=_BASE_PROFILE.sources["pack_size_factor"])
    overheads_cny_per_month: float = param(
        90_000.0, ge=0, le=10_000_000, unit="CNY/month", zh="运营固定开支",
        en="Operating overheads",
        help_en="Costs that do not scale with orders, besides the modelled packers and "
        "customer-service agents: the operations team (shop manager, designer and "
        "photographer, merchandiser), office and warehouse rent, utilities and software.",
        help_zh="不随订单量变化的开支（不含已建模的拣货打包员和客服）：运营团队（店长、美工与摄影、商品运营）、"
        "办公及仓库租金、水电和软件。",
        source="assumption: about six office staff at 10,000 CNY a month with social insurance, "
        "plus rent, utilities and software; calibrated to the thin margin (under 3%)")


class Customers(_Section):
    """Market, segments and repurchase behaviour (assumptions)."""

    initial_customers: int = param(
        23_500, ge=0, le=MAX_INITIAL_CUSTOMERS, unit="customers", zh="近一年老客户数",
        en="Past buyers in the last 12 months", help_en="Past buyers with an order in the 12 "
        "months before the start. Their histories (purchase rate, dropout, whether still active, "
        "last order) are drawn from the customer process's own steady state; older buyers who "
        "are still active come with them.",
        help_zh="模拟开始前 12 个月内下过单的历史买家。其购买率、流失概率、是否仍活跃及最近一次购买均取自顾客"
        "过程自身的稳态；仍活跃的更早买家一并纳入。",
        source="calibrated: the past buyers a steady inflow of new customers leaves")
    initial_state: Literal["steady_state", "new_cohort"] = param(
        "steady_state", zh="老客户初始状态", en="Past buyers' starting state",
        help_en="steady_state: past buyers drawn from the customer process's own steady state "
        "(the model's default). new_cohort: for validation only, the past buyers are a cohort "
        "whose first purchase is at day 0, as in the BG/NBD closed form.",
        help_zh="steady_state：历史买家取自顾客过程自身的稳态（默认）。new_cohort：仅用于验证，历史买家为"
                "第 0 天"
        "首次购买的一批新客，与 BG/NBD 解析式一致。", group="run")
    eco_share: float = param(
        0.26, ge=0, le=1, unit="fraction", zh="环保型客户占比", en="Eco-minded share of market",
        help_en="Share of the market that values green packaging and labels.",
        help_zh="重视绿色包装和绿色标签的客户占市场比例。", source="Kantar China 2022 (26%)")
    price_share: float = param(
        0.44, ge=0, le=1, unit="fraction", zh="价格敏感型客户占比",
        en="Price-sensitive share of market",
        help_en="The rest of the market is convenience-seeking.",
        help_zh="其余客户为便利导向型。")
    organic_new_per_day: float = param(
        14.0, ge=0, le=10_000, unit="customers/day", zh="自然流量新客",
        en="Organic new customers", help_en="New customers a day who arrive without paid "
        "marketing when the shop's recent sales are at the ranking reference, scaled by brand "
        "trust and by platform ranking.",
        help_zh="近期销量处于排名参考水平时，无需付费营销即到店的新客；随品牌信任度和平台排名变化。")
    repurchase_enabled: bool = param(
        True, zh="允许复购", en="Customers may buy again",
        help_en="Switch off only for validation runs.", help_zh="仅在验证实验中关闭。")
    purchase_rate_shape: float = param(
        0.10, ge=0.02, le=20, unit="gamma shape r", zh="购买率异质性（形状 r）",
        en="Purchase-rate heterogeneity (shape r)",
        help_en="BG/NBD: each customer buys at a rate λ drawn from a gamma law with this shape "
        "(small r: a few heavy buyers and many light ones). Fader, Hardie & Lee (2005) fit "
        "0.24 on CDNOW.", help_zh="BG/NBD：每位顾客的购买率 λ 服从该形状参数的伽马分布（r 越小，重度买家"
                                  "越少、"
        "轻度买家越多）。Fader、Hardie 与 Lee（2005）对 CDNOW 的估计为 0.24。",
        source="Fader, Hardie & Lee 2005 (BG/NBD); calibrated to repeat purchase 26–30%")
    purchase_rate_scale_days: float = param(
        12.5, ge=1, le=10_000, unit="days (gamma rate α)", zh="购买率尺度（α，天）",
        en="Purchase-rate scale (α, days)",
        help_en="BG/NBD: the gamma law's rate parameter in days; the mean purchase rate is r/α "
        "orders a day while active.", help_zh="BG/NBD：伽马分布的率参数（天）；活跃期平均购买率为 r/α 单"
                                              "/天。",
        source="Fader, Hardie & Lee 2005 (BG/NBD); calibrated to repeat purchase 26–30%")
    dropout_a: float = param(
        1.5, ge=0.05, le=50, unit="beta a", zh="流失概率参数 a", en="Dropout parameter a",
        help_en="BG/NBD: after each repeat purchase a customer leaves for good with probability "
        "p drawn from Beta(a, b); the mean is a/(a + b). CDNOW fit: a = 0.79, b = 2.43.",
        help_zh="BG/NBD：每次复购后顾客以概率 p 永久流失，p 服从 Beta(a, b)，均值 a/(a+b)。CDNOW 估计 "
                "a=0.79、b=2.43。",
        source="Fader, Hardie & Lee 2005 (CDNOW fit)")
    dropout_b: float = param(
        3.0, ge=0.05, le=50, unit="beta b", zh="流失概率参数 b", en="Dropout parameter b",
        help_en="BG/NBD: the second Beta parameter of the dropout probability (larger b: "
        "customers stay longer).", help_zh="BG/NBD：流失概率 Beta 分布的第二个参数（b 越大，顾客留存越久）。",
        source="Fader, Hardie & Lee 2005 (CDNOW fit)")
    satisfaction_weight: float = param(
        3.0, ge=0, le=10, unit="log-odds per unit", zh="满意度对流失的影响",
        en="Effect of satisfaction on dropout", help_en="How much an order's satisfaction "
        "(0–1 scale) above or below the reference lowers or raises the log-odds of leaving "
        "after it (a bad first order can lose a customer who would otherwise have stayed).",
        help_zh="订单满意度（0–1）相对参考值每高/低 1 单位，其后流失的对数几率降低/升高的幅度（首单体验差"
                "也会流失顾客）。")
    experience_rate_weight: float = param(
        0.5, ge=0, le=3, unit="per log-odds", zh="体验对购买频率的影响",
        en="Effect of experience on purchase rate",
        help_en="After an order whose experience shifts the log-odds of staying by m, the "
        "customer buys exp(weight · m) times as often until her next order: satisfied "
        "customers come back sooner, disappointed ones later.",
        help_zh="若某单体验使留存对数几率变化 m，顾客在下一单之前的购买频率乘以 exp(权重·m)："
        "满意的顾客回来得更早，"
        "失望的顾客更晚。", source="assumption")
    trust_weight: float = param(
        1.5, ge=0, le=10, unit="log-odds per unit", zh="信任度对流失的影响",
        en="Effect of brand trust on dropout", help_en="Lowering of the log-odds of leaving per "
        "unit of the trust index above 1 (neutral).", help_zh="信任指数（1 为中性）每高出 1 单位，流失对"
                                                              "数几率的降低幅度。")
    late_penalty_per_day: float = param(
        0.12, ge=0, le=1, unit="satisfaction/day", zh="延误扣分", en="Lateness penalty",
        help_en="Satisfaction lost per day of late delivery (×1.5 for convenience-seekers).",
        help_zh="每延误一天损失的满意度（便利型客户 ×1.5）。")
    defect_penalty: float = param(
        0.45, ge=0, le=1, unit="satisfaction", zh="次品/错发扣分", en="Defect or wrong-item penalty",
        help_en="Satisfaction lost when the item is defective or wrong.",
        help_zh="商品有瑕疵或错发时损失的满意度。")
    cs_wait_penalty_per_hour: float = param(
        0.01, ge=0, le=0.2, unit="satisfaction/hour", zh="客服等待扣分",
        en="Customer-service wait penalty", help_en="Satisfaction lost per hour waiting for an "
        "agent.", help_zh="每等待客服一小时损失的满意度。")
    green_packaging_bonus: float = param(
        0.05, ge=0, le=0.5, unit="satisfaction", zh="绿色包装加分（环保型）",
        en="Green packaging bonus (eco-minded)", help_en="Satisfaction an eco-minded customer "
        "gains from green packaging (half as much again with the green-order label).",
        help_zh="环保型客户收到绿色包装的满意度增益（贴绿色订单标签再加一半）。",
        source=f"{src.ESG_MARKETING_ENV_PROBLEMS}; J. Environ. Manage. 2022, 307:114496")
    eco_visibility_boost: float = param(
        0.25, ge=0, le=2, unit="fraction", zh="绿色可见度对环保型自然流量的提升",
        en="Eco-minded organic traffic boost from visible green practice",
        help_en="With green packaging shown by the green-order label or footprint page, the "
        "eco-minded share of organic new customers rises by this fraction (word of mouth).",
        help_zh="绿色包装经由绿色订单标签或足迹页面展示时，自然流量中环保型客户比例的提升幅度（口碑）。")
    premium_penalty_per_pct: float = param(
        0.02, ge=0, le=0.2, unit="satisfaction/%", zh="溢价扣分（价格敏感型）",
        en="Price premium penalty (price-sensitive)", help_en="Satisfaction a price-sensitive "
        "customer loses per percentage point of green premium.",
        help_zh="价格敏感型客户每 1 个百分点溢价损失的满意度。")
    inquiry_rate: float = param(
        0.06, ge=0, le=1, unit="fraction", zh="咨询率", en="Routine inquiry rate",
        help_en="Share of orders with a routine customer-service contact; late, defective and "
        "wrong orders always contact.", help_zh="发生常规客服咨询的订单比例；延误、瑕疵和错发订单都会咨询。")
    cancel_after_hours: float = param(
        72.0, ge=0, le=720, unit="hours", zh="未发货取消时限", en="Cancel if unpacked after",
        help_en="Orders not picked within this time are cancelled (0 = never).",
        help_zh="超过该时长仍未拣货的订单被取消（0 表示从不取消）。")


class ChannelResponse(_Section):
    """A channel's saturating (Hill) response with geometric carry-over (adstock)."""

    max_new_per_day: float = param(
        30.0, ge=0, le=100_000, unit="customers/day", zh="饱和新客上限",
        en="Saturation (max new customers)", help_en="New customers a day at unlimited spend.",
        help_zh="投入无限时每天的新客数。", source="Robyn/Meridian Hill convention; calibrated to CAC 185")
    half_saturation_cny_per_day: float = param(
        2500.0, ge=1, le=10_000_000, unit="CNY/day", zh="半饱和投入", en="Half-saturation spend",
        help_en="Adstocked daily spend at which the channel yields half its maximum.",
        help_zh="渠道达到一半饱和值时的（含滞后效应）日投入。", source="Robyn/Meridian Hill convention")
    shape: float = param(
        1.0, ge=0.5, le=3.0, zh="Hill 形状参数", en="Hill shape", unit="",
        help_en="Curvature of the response (0.5–3).", help_zh="响应曲线的形状（0.5–3）。",
        source="Robyn/Meridian documentation (0.5–3)")
    decay: float = param(
        0.1, ge=0, le=0.3, unit="per day", zh="滞后衰减率", en="Adstock decay",
        help_en="Share of yesterday's adstocked spend carried over (0–0.3 for digital).",
        help_zh="前一天投放效果延续到今天的比例（数字渠道 0–0.3）。",
        source="Robyn/Meridian documentation (0–0.3 digital)")
    eco_mix: float = param(
        0.26, ge=0, le=1, unit="fraction", zh="该渠道环保型客户占比",
        en="Eco-minded share of this channel's customers",
        help_en="Segment mix of customers this channel brings; the rest split as the market.",
        help_zh="该渠道带来的环保型客户比例；其余按市场比例分配。")


def _resp(beta: float, k: float, shape: float, decay: float, eco: float):
    return ChannelResponse(max_new_per_day=beta, half_saturation_cny_per_day=k, shape=shape,
                           decay=decay, eco_mix=eco)


class ChannelResponses(_Section):
    # max new customers/day, half-saturation (CNY/day, adstocked), shape, decay, eco mix.
    # Half-saturation sits at the default adstocked spend; maxima give CAC at default spend
    # of 175 / 190 / 200 / 230 / 160 CNY (blended ≈ 185, src.INDUSTRY_PLAN_COMPETITION).
    search: ChannelResponse = _resp(25.0, 2300.0, 1.0, 0.05, 0.26)
    feed: ChannelResponse = _resp(15.0, 1670.0, 1.2, 0.15, 0.24)
    livestream: ChannelResponse = _resp(10.0, 1260.0, 1.5, 0.20, 0.18)
    esg_content: ChannelResponse = _resp(2.06, 340.0, 1.0, 0.30, 0.65)
    community: ChannelResponse = _resp(7.4, 740.0, 1.0, 0.20, 0.30)


class ChannelShares(_Section):
    search: float = param(0.37, ge=0, le=1, unit="fraction", zh="站内搜索广告", en="Search ads",
                          group="marketing")
    feed: float = param(0.24, ge=0, le=1, unit="fraction", zh="信息流/短视频广告",
                        en="Feed / short-video ads", group="marketing")
    livestream: float = param(0.17, ge=0, le=1, unit="fraction", zh="直播/达人",
                              en="Livestream / KOL", group="marketing")
    crm: float = param(0.08, ge=0, le=1, unit="fraction", zh="私域/CRM",
                       en="Private domain / CRM", group="marketing")
    esg_content: float = param(0.04, ge=0, le=1, unit="fraction", zh="ESG 内容营销",
                               en="ESG content", group="marketing", source=f"{src.ESG_MARKETING_GOV} "
                                                                           "(10–15%)")
    community: float = param(0.10, ge=0, le=1, unit="fraction", zh="商户社群联合营销",
                             en="Merchant-community joint marketing", group="marketing",
                             source=src.MERCHANT_CAPABILITY_COMMUNITY)

    @model_validator(mode="after")
    def _sum_to_one(self) -> "ChannelShares":
        total = sum(getattr(self, c) for c in CHANNELS)
        if abs(total - 1.0) > 1e-6:
            parts = ", ".join(f"{c}={getattr(self, c):g}" for c in CHANNELS)
            raise ValueError(f"channel shares must sum to 1, got {total:.6g} ({parts})")
        return self

    def as_dict(self) -> dict[str, float]:
        return {c: getattr(self, c) for c in CHANNELS}


class Marketing(_Section):
    monthly_budget_cny: float = param(
        180_000.0, ge=0, le=MAX_MONTHLY_BUDGET_CNY, unit="CNY/month", zh="月度营销预算",
        en="Monthly marketing budget", help_en="Total marketing spend a month, split across "
        "channels by the shares.", help_zh="每月营销总投入，按渠道占比分配。",
        source=f"calibrated: marketing 25–45% of revenue ({src.INDUSTRY_PLAN_COMPETITION})")
    shares: ChannelShares = ChannelShares()
    response: ChannelResponses = ChannelResponses()
    festivals: bool = param(True, zh="大促（618、双11）", en="Shopping festivals (618, Double 11)",
                            help_en="Demand spikes around 18 June and 11 November.",
                            help_zh="6月18日和11月11日前后的需求高峰。",
                            source=src.NEWS_FESTIVALS)
    festival_multiplier: float = param(
        3.0, ge=1, le=20, unit="×", zh="大促当日需求倍数", en="Festival peak demand",
        help_en="New-customer demand on the festival day relative to a normal day; it ramps up "
        "over the five days before.", help_zh="大促当天新客需求相对平日的倍数；前五天逐步上升。",
        group="assumptions")
    ranking_elasticity: float = param(
        0.9, ge=0, le=0.95, unit="elasticity", zh="平台排名对销量的弹性",
        en="Platform ranking elasticity",
        help_en="Platform search and recommendation reward recent sales (the 30-day sales count "
        "shown on every listing): organic new customers scale with (recent daily orders / "
        "reference)^elasticity, so paid customers also lift organic traffic and cutting "
        "marketing shrinks it (capped at 4× and 0.05×).",
        help_zh="平台搜索与推荐偏好近期销量（商品页展示的月销量）：自然流量新客按（近期日均订单/参考值）"
                "^弹性 变化，"
        "因此付费获客也会带来自然流量，削减营销会使其萎缩（上限 4 倍、下限 0.05 倍）。",
        source="assumption: platform ranking by sales velocity; plausible 0.6–0.95", group="assumptions")
    ranking_reference_orders_per_day: float = param(
        112.0, ge=0.1, le=100_000, unit="orders/day", zh="排名参考日均订单",
        en="Ranking reference (orders a day)",
        help_en="Recent daily orders at which organic traffic equals the organic new-customer "
        "rate; the baseline shop's own steady order rate, so the baseline starts in balance.",
        help_zh="自然流量新客等于设定值时的近期日均订单；取基准店铺自身的稳态订单量，使基准从平衡态开始。",
        source="calibrated: the baseline's steady daily orders", group="assumptions")
    ranking_window_days: int = param(
        30, ge=1, le=180, unit="days", zh="排名销量窗口", en="Ranking sales window",
        help_en="Days of orders that count as recent sales (platforms show 30-day sales).",
        help_zh="计入近期销量的天数（平台展示 30 天销量）。", group="assumptions")
    crm_max_logit: float = param(
        0.9, ge=0, le=3, unit="log-odds", zh="CRM 最大留存提升", en="CRM maximum retention lift",
        help_en="Lowering of the log-odds of leaving after an order at saturating private-domain "
        "spend, relative to the reference spend the dropout parameters describe.",
        help_zh="私域投入饱和时（相对流失参数所对应的参考投入）订单后流失对数几率的最大降低幅度。",
        source=f"{src.INDUSTRY_PLAN_RESOURCES} (private domain lifted repurchase to 50%)",
        group="assumptions")
    crm_half_saturation_cny_per_day: float = param(
        700.0, ge=1, le=1_000_000, unit="CNY/day", zh="CRM 半饱和投入",
        en="CRM half-saturation spend", help_en="Daily CRM spend giving half the maximum lift.",
        help_zh="达到一半最大复购提升所需的日 CRM 投入。", group="assumptions")
    membership: bool = param(
        False, zh="会员计划", en="Membership programme",
        help_en="Members buy more often; each member costs a yearly service fee.",
        help_zh="会员购买更频繁；每位会员每年有服务成本。",
        source=f"Gopalakrishnan et al. 2021; {src.INDUSTRY_PLAN_EXPERIENCE} (members buy 3× as "
        "often, selection included)", group="marketing")
    member_join_rate: float = param(
        0.30, ge=0, le=1, unit="fraction", zh="入会比例", en="Share of customers who join",
        group="marketing")
    member_frequency_multiplier: float = param(
        1.5, ge=1, le=3, unit="×", zh="会员购买频率倍数", en="Member purchase frequency",
        help_en="Members' purchase rate is multiplied by this (the 3× of 《电商行业实施方案范文参考》 "
                "§4.3 includes "
        "self-selection, so the causal effect is set lower).",
        help_zh="会员购买率乘以该倍数（《电商行业实施方案范文参考》§4.3 的 3 倍含自选择效应，因果效应取较"
                "低值）。",
        group="marketing")
    member_cost_cny_per_year: float = param(
        20.0, ge=0, le=1000, unit="CNY/member/year", zh="会员年服务成本",
        en="Member service cost", group="marketing")


class Staff(_Section):
    packers: int = param(3, ge=1, le=200, unit="people", zh="拣货打包员", en="Pick/pack staff",
                         group="S")
    cs_agents: int = param(2, ge=1, le=100, unit="people", zh="客服人员",
                           en="Customer-service agents", group="S")
    wage_cny_per_month: float = param(
        5_400.0, ge=2_000, le=30_000, unit="CNY/month", zh="月工资", en="Monthly wage",
        help_en="Gross monthly wage; quits fall with the wage relative to the market "
        "(elasticity about −3).", help_zh="月工资；相对市场工资越高，离职越少（弹性约 −3）。",
        source="NBS 2023 urban private wage ≈ 5,700; Emanuel & Harrington (elasticity −3)",
        group="S")
    market_wage_cny_per_month: float = param(
        5_700.0, ge=2_000, le=30_000, unit="CNY/month", zh="市场工资", en="Market wage",
        source="NBS 2023 urban private-sector average", group="assumptions")
    full_social_insurance: bool = param(
        False, zh="足额缴纳社保", en="Full social insurance",
        help_en="Pay social insurance on the full wage (employer cost 30% instead of 12%); "
        "lowers quits.", help_zh="按全额工资缴纳社保（雇主成本 30%，而非 12%）；降低离职。",
        source=src.ESG_MARKETING_SOCIAL, group="S")
    paid_leave_days: float = param(
        0.0, ge=0, le=20, unit="days/year", zh="带薪年假", en="Paid leave",
        help_en="Paid days off per person per year: capacity is lost on those days, quits fall.",
        help_zh="每人每年带薪休假天数：休假日减少产能，但降低离职。",
        source=src.ESG_MARKETING_SOCIAL, group="S")
    health_checks: bool = param(False, zh="年度体检", en="Annual health checks",
                                help_en="Costs 600 CNY per person per year; lowers quits.",
                                help_zh="每人每年 600 元；降低离职。",
                                source=src.ESG_MARKETING_SOCIAL, group="S")
    training: bool = param(
        False, zh="系统培训与职业路径", en="Training and career path",
        help_en="Shortens the learning curve, halves new hires' extra errors and lowers quits; "
        "costs per hire and per person per year.",
        help_zh="缩短学习曲线、新员工额外差错减半并降低离职；按每次招聘和每人每年计费。",
        source=f"Batt 2002; {src.ESG_MARKETING_SOCIAL}", group="S")
    training_cost_per_hire_cny: float = param(
        3_000.0, ge=0, le=50_000, unit="CNY/hire", zh="新人培训成本", en="Training cost per hire",
        group="assumptions")
    training_cost_per_person_year_cny: float = param(
        2_000.0, ge=0, le=50_000, unit="CNY/person/year", zh="在岗培训成本",
        en="Ongoing training cost", group="assumptions")
    overtime_hours_per_day: float = param(
        1.0, ge=0, le=4, unit="hours/day", zh="每日加班", en="Daily overtime",
        help_en="Extra hours on every shift: more capacity now, more quits later (fatigue builds "
        "over about a month).", help_zh="每班加班时长：当期产能增加，约一个月后离职上升。",
        source=src.ESG_MARKETING_SOCIAL_PROBLEMS, group="S")
    overtime_paid: bool = param(
        False, zh="加班付费", en="Overtime paid", help_en="Pay overtime at 1.5×; unpaid overtime "
        "raises quits more.", help_zh="按 1.5 倍支付加班费；无偿加班更易导致离职。", group="S")
    base_quit_rate_per_year: float = param(
        0.33, ge=0, le=5, unit="1/year", zh="基准离职率", en="Base quit hazard",
        help_en="Quit hazard at the market wage with full welfare; the default's welfare gaps "
        "bring turnover to about 50% a year.", help_zh="按市场工资且福利齐全时的离职风险；"
        "默认福利缺口使年离职率约为 50%。",
        source="sorting centres ~50%/yr; US warehouses 49% (calibrated)", group="assumptions")
    wage_elasticity: float = param(
        -3.0, ge=-10, le=0, zh="离职对工资弹性", en="Quit elasticity to wage",
        source="Emanuel & Harrington", group="assumptions")
    hiring_delay_days: float = param(
        21.0, ge=0, le=180, unit="days", zh="招聘周期", en="Hiring delay",
        help_en="Days a vacancy stays open before a new hire starts.",
        help_zh="岗位空缺到新人入职的天数。", group="assumptions")
    hiring_cost_cny: float = param(2_000.0, ge=0, le=50_000, unit="CNY/hire", zh="招聘成本",
                                   en="Recruiting cost", group="assumptions")
    shift_start_hour: float = param(9.0, ge=0, le=23, unit="hour", zh="上班时间",
                                    en="Shift start", group="assumptions")
    shift_hours: float = param(
        8.0, ge=1, le=24, unit="hours", zh="班次时长（不含加班）", en="Shift length (before overtime)",
        help_en="24 means round-the-clock staffing (used by validation runs).",
        help_zh="24 表示全天候在岗（验证实验使用）。", group="assumptions")
    pack_minutes: float = param(
        8.0, ge=0.1, le=240, unit="minutes/order", zh="熟练员工拣货打包时间",
        en="Pick/pack time (experienced)", group="assumptions")
    service_distribution: Literal["lognormal", "exponential"] = param(
        "lognormal", zh="服务时间分布", en="Service-time distribution",
        help_en="Exponential is used by the M/M/c validation.", help_zh="M/M/c 验证使用指数分布。",
        group="assumptions")
    service_cv: float = param(0.5, ge=0, le=3, unit="", zh="服务时间变异系数",
                              en="Service-time coefficient of variation", group="assumptions")
    new_hire_slowdown: float = param(
        1.6, ge=1, le=4, unit="×", zh="新员工慢速倍数", en="New-hire slowdown",
        help_en="A new hire's service time relative to an experienced one; converges over the "
        "learning curve.", help_zh="新员工服务时间相对熟练员工的倍数，随学习曲线收敛。",
        group="assumptions")
    ramp_days: float = param(30.0, ge=1, le=365, unit="days", zh="学习曲线时间常数",
                             en="Learning-curve time constant", group="assumptions")
    training_ramp_factor: float = param(0.5, ge=0.1, le=1, unit="×", zh="培训后学习曲线倍数",
                                        en="Ramp with training", group="assumptions")
    error_rate: float = param(0.008, ge=0, le=0.5, unit="fraction", zh="熟练员工错发率",
                              en="Wrong-item rate (experienced)", group="assumptions")
    new_hire_error_multiplier: float = param(
        4.0, ge=1, le=20, unit="×", zh="新员工错发倍数", en="New-hire error multiplier",
        group="assumptions")
    cs_minutes: float = param(15.0, ge=0.1, le=240, unit="minutes/contact",
                              zh="客服处理时间", en="Customer-service handling time",
                              group="assumptions")


class Logistics(_Section):
    pickup_hours: tuple[float, ...] = param(
        (17.0,), zh="快递揽收时间", en="Carrier pickup times", unit="hour of day",
        help_en="Daily pickup times; an order packed after the last one ships next day.",
        help_zh="每日揽收时间；最后一次揽收后打包的订单次日发出。", group="assumptions")
    electric_share: float = param(
        0.0, ge=0, le=1, unit="fraction", zh="电动车配送比例（绿色配送方案）",
        en="Electric delivery share (green plan)",
        help_en="Share of the shop's parcels sent on the carrier's green delivery plan, whose "
        "last mile is electric (e-van or e-tricycle); the other parcels ride the carrier's "
        "usual fleet, already partly electric. Only the last mile changes.",
        help_zh="使用快递公司绿色配送方案（末端由电动货车或电动三轮车完成）的包裹比例；其余包裹按快递公司常规车队"
        "（已部分电动化）配送。仅影响末端配送。",
        source="Sustainability 2018, 10(12):4547 (−69% per km)", group="E")
    carrier_electric_share: float = param(
        0.6, ge=0, le=1, unit="fraction", zh="快递公司末端电动化比例",
        en="Carrier's electric share of last-mile km",
        help_en="Share of the carrier's usual last-mile km already driven electrically (electric "
        "tricycles dominate Chinese city deliveries; vans serve suburbs and villages).",
        help_zh="快递公司常规末端配送里程中已由电动车完成的比例（城市末端以电动三轮车为主，郊区和农村多用货车）。",
        source="assumption", group="assumptions")
    route_optimisation: float = param(
        0.10, ge=0, le=0.25, unit="fraction", zh="路径优化减少里程",
        en="Route optimisation (km saved)", help_en="Last-mile km per parcel saved by route "
        "optimisation; 25% reported for a platform, 5–10% for a carrier.",
        help_zh="路径优化节省的每件末端里程；平台报告 25%，快递企业约 5–10%。",
        source=f"{src.INDUSTRY_PLAN_GREEN} (25%); UPS ORION (5–10%)", group="E")
    consolidated_delivery: bool = param(
        False, zh="商户联合配送", en="Consolidated delivery with neighbouring shops",
        help_en="Share deliveries with the merchant community: −20% last-mile km and −8% cost "
        "per parcel, about 0.3 days slower.",
        help_zh="与社群商户共同配送：每件末端里程 −20%、成本 −8%，约慢 0.3 天。",
        source=src.MERCHANT_CAPABILITY_COMMUNITY, group="E")
    rural_share: float = param(0.20, ge=0, le=1, unit="fraction", zh="农村订单占比",
                               en="Rural share of orders", group="assumptions")
    urban_km_per_parcel: float = param(
        0.2, ge=0, le=50, unit="km", zh="城市末端里程/件", en="Urban last-mile km per parcel",
        help_en="Delivery-station-to-door km per parcel in cities: a courier's round of a few "
        "tens of km drops 100–200 parcels, so 0.1–0.3 km each.",
        help_zh="城市中从营业网点到门的每件里程：快递员一趟几十公里派送 100–200 件，约每件 0.1–0.3 公里。",
        source="assumption (courier rounds of 100–200 parcels a day in Chinese cities)",
        group="assumptions")
    rural_km_per_parcel: float = param(
        0.6, ge=0, le=100, unit="km", zh="农村末端里程/件", en="Rural last-mile km per parcel",
        help_en="Township-to-village km per parcel: longer runs, fewer parcels, many dropped at "
        "village service points.", help_zh="乡镇到村的每件里程：路程更长、件数更少，多投递到村级快递服务站。",
        source="assumption", group="assumptions")
    linehaul_kg_per_parcel: float = param(
        0.24, ge=0, le=5, unit="kg CO2e/parcel", zh="干线运输排放/件",
        en="Line-haul emissions per parcel",
        help_en="Intercity transport between sorting centres (road, rail, air), well-to-wheel. "
        "Kang et al. 2021: 0.27 kg CO2e per average Chinese express parcel in 2018, nearly 99% "
        "of it intercity; 0.24 here so that line-haul plus this model's last mile comes near "
        "0.27. A parcel that certainly crosses provinces emits more (≈0.35). A small shop cannot "
        "change it.",
        help_zh="分拨中心之间的城际运输（公路、铁路、航空），油井到车轮口径。Kang 等（2021）："
        "2018 年中国平均每件快递 0.27 kg CO2e，近 99% 来自城际运输；此处取 0.24，"
        "使干线加本模型的末端约为 0.27。确定跨省的包裹更高（约 0.35）。小店无法改变。",
        source="Kang et al. 2021 (Nature Communications 12:450); GLEC Framework v3 / ISO 14083 "
        "method", group="assumptions")
    urban_transit_days: float = param(1.85, ge=0.1, le=10, unit="days", zh="城市运输时间",
                                      en="Urban transit time", group="assumptions")
    rural_extra_days: float = param(2.0, ge=0, le=10, unit="days", zh="农村额外时间",
                                    en="Rural extra time", source=f"{src.INDUSTRY_PLAN_SUPPLY} (+48 h)",
                                    group="assumptions")
    transit_sigma: float = param(0.35, ge=0, le=2, unit="log-sd", zh="运输时间离散度",
                                 en="Transit-time dispersion", group="assumptions")
    promise_days: float = param(
        4.0, ge=0.5, le=15, unit="days", zh="承诺送达时间", en="Delivery promise",
        help_en="An order delivered within this time of being placed is on time.",
        help_zh="下单后在此时间内送达即为准时。", source=f"calibrated to {src.INDUSTRY_PLAN_RISKS} (82% "
                                          "on time)",
        group="assumptions")
    weather_days_per_year: float = param(
        20.0, ge=0, le=365, unit="days/year", zh="恶劣天气天数", en="Bad-weather days",
        group="assumptions")
    weather_delay_days: float = param(
        1.0, ge=0, le=10, unit="days", zh="恶劣天气延误", en="Bad-weather delay",
        help_en="Extra transit time on bad-weather days (raises the delay rate by about 15%).",
        help_zh="恶劣天气日的额外运输时间（延误率约增加 15%）。", source=f"{src.INDUSTRY_PLAN_RISKS} (+15%)",
        group="assumptions")
    failed_attempt_rate: float = param(0.06, ge=0, le=0.5, unit="fraction", zh="首次投递失败率",
                                       en="Failed first attempts", group="assumptions")
    delivery_cost_cny: float = param(6.0, ge=0, le=100, unit="CNY/parcel", zh="城市单件运费",
                                     en="Delivery cost (urban)", group="assumptions")
    rural_cost_uplift: float = param(0.30, ge=0, le=3, unit="fraction", zh="农村运费加价",
                                     en="Rural cost uplift", source=f"{src.INDUSTRY_PLAN_SUPPLY} (+30%)",
                                     group="assumptions")
    electric_surcharge_cny: float = param(
        0.4, ge=0, le=20, unit="CNY/parcel", zh="绿色配送附加费", en="Green plan surcharge",
        help_en="Extra carrier charge per parcel delivered electrically.",
        help_zh="电动配送每件额外收费。", group="assumptions")

    @field_validator("pickup_hours")
    @classmethod
    def _check_pickups(cls, v: tuple[float, ...]) -> tuple[float, ...]:
        if len(v) == 0 or len(v) > 6:
            raise ValueError("needs 1 to 6 pickup times of day")
        if any(not (0 <= h < 24) for h in v):
            raise ValueError(f"pickup times must lie in [0, 24), got {list(v)}")
        return tuple(sorted(v))


class Emissions(_Section):
    diesel_kg_per_km: float = param(
        0.37, ge=0, le=2, unit="kg CO2e/km", zh="柴油货车排放因子", en="Diesel van emission factor",
        help_en="Last-mile diesel van, well-to-wheel: 11.4 L/100 km × 3.24 kg CO2e/L.",
        help_zh="末端柴油货车，油井到车轮口径：11.4 L/100 km × 3.24 kg CO2e/L。",
        source="Huo et al. 2012 (11.4 L/100 km) × 3.24 kg CO2e/L diesel well-to-wheel "
        "(EN 16258; GLEC Framework v3)", group="assumptions")
    electric_reduction: float = param(
        0.69, ge=0, le=1, unit="fraction", zh="电动车减排比例", en="Electric vehicle reduction",
        source="Sustainability 2018, 10(12):4547 (China grid)", group="assumptions")
    grid_region: Literal["national", "north", "east", "central", "south", "southwest"] = param(
        "national", zh="电网区域", en="Grid region",
        source="MEE/NBS 2023 grid factors", group="assumptions")
    kwh_per_order: float = param(0.36, ge=0, le=10, unit="kWh/order", zh="单均仓储用电",
                                 en="Warehouse electricity per order", group="assumptions")
    standard_pack_kg: float = param(
        0.29, ge=0, le=5, unit="kg CO2e/parcel", zh="标准包装排放", en="Standard packaging carbon",
        source="Greenpeace/BFFP 2019; Sinopec/Tongji 2022 (China 2020 average)",
        group="assumptions")
    recycled_pack_kg: float = param(
        0.19, ge=0, le=5, unit="kg CO2e/parcel", zh="再生/合适尺寸纸箱排放",
        en="Recycled right-sized carton carbon",
        source="Brogaard et al. 2014 (recycled board −28%) plus right-sizing (assumption)",
        group="assumptions")
    degradable_pack_kg: float = param(
        0.29, ge=0, le=5, unit="kg CO2e/parcel", zh="可降解快递袋排放", en="Degradable mailer carbon",
        help_en="No carbon gain unless the data says otherwise.", help_zh="若无数据证明，则无减碳效果。",
        group="assumptions")
    reusable_box_kg: float = param(
        0.87, ge=0, le=20, unit="kg CO2e/box", zh="循环箱制造排放", en="Reusable box embodied carbon",
        help_en="Set so a box breaks even after about 3 uses.", help_zh="设定为约 3 次使用后回本。",
        source="Fashion for Good 2021 (up to −82%)", group="assumptions")
    reusable_return_kg: float = param(
        0.02, ge=0, le=2, unit="kg CO2e/use", zh="循环箱回收运输排放",
        en="Reusable box return-trip carbon", group="assumptions")


class Packaging(_Section):
    option: Literal["standard", "recycled_carton", "degradable_mailer", "reusable_box"] = param(
        "standard", zh="包装方案", en="Packaging option",
        help_en="Standard mailer/carton with film fill; recycled right-sized carton; degradable "
        "mailer (2.8× material cost); reusable returnable box.",
        help_zh="标准快递袋/纸箱加填充膜；再生合适尺寸纸箱；可降解快递袋（材料成本 2.8 倍）；可回收循环箱。",
        source="see emission factors", group="E")
    reusable_return_rate: float = param(
        0.85, ge=0, le=0.99, unit="fraction", zh="循环箱回收率", en="Reusable box return rate",
        help_en="Uses per box ≈ 1/(1 − return rate), capped at the maximum.",
        help_zh="每个箱子使用次数 ≈ 1/(1 − 回收率)，不超过上限。", group="E")
    reusable_max_uses: int = param(20, ge=1, le=100, unit="uses", zh="循环箱最多使用次数",
                                   en="Reusable box maximum uses", group="assumptions")
    standard_cost_cny: float = param(1.2, ge=0, le=50, unit="CNY/parcel", zh="标准包装成本",
                                     en="Standard packaging cost", group="assumptions")
    recycled_cost_cny: float = param(1.6, ge=0, le=50, unit="CNY/parcel", zh="再生纸箱成本",
                                     en="Recycled carton cost", group="assumptions")
    degradable_cost_multiplier: float = param(
        2.8, ge=1, le=10, unit="×", zh="可降解材料成本倍数", en="Degradable cost multiplier",
        source="degradable resin ≈ 2.8× PE price", group="assumptions")
    reusable_box_cost_cny: float = param(25.0, ge=0, le=500, unit="CNY/box", zh="循环箱单价",
                                         en="Reusable box price", group="assumptions")
    reusable_handling_cny: float = param(1.0, ge=0, le=50, unit="CNY/use", zh="循环箱回收处理费",
                                         en="Reusable box handling per use", group="assumptions")


class Suppliers(_Section):
    defect_rate: float = param(
        _BASE_PROFILE.defect_rate, ge=0, le=0.5, unit="fraction", zh="商品瑕疵率",
        en="Defect rate without audits", help_en="Share of orders with a defective item before "
        "any supplier audit." + _CATEGORY_NOTE_EN,
        help_zh="未做供应商审核时有瑕疵商品的订单比例。" + _CATEGORY_NOTE_ZH,
        source=_BASE_PROFILE.sources["defect_rate"], group="assumptions")
    audits_per_year: int = param(
        0, ge=0, le=24, unit="audits/year", zh="供应商 ESG 审核次数", en="Supplier ESG audits",
        help_en="Audits lower defects and the scandal hazard, with diminishing returns; "
        "monitoring alone has limited effect.",
        help_zh="审核降低瑕疵率和丑闻风险，边际效果递减；仅监督效果有限。",
        source="Locke, Qin & Brause 2007", group="S")
    auditor_days_per_audit: float = param(2.0, ge=0.5, le=20, unit="auditor-days",
                                          zh="每次审核人天", en="Auditor-days per audit",
                                          group="assumptions")
    cost_per_auditor_day_cny: float = param(
        5_000.0, ge=0, le=50_000, unit="CNY/auditor-day", zh="审核人天成本", en="Cost per auditor-day",
        source="SMETA ≈ USD 560–990 per auditor-day", group="assumptions")
    capability_building: bool = param(
        False, zh="供应商能力建设", en="Supplier capability building",
        help_en="Work with suppliers to fix root causes (30,000 CNY a year); doubles what audits "
        "can achieve.", help_zh="与供应商一起解决根本问题（每年 3 万元）；审核的上限效果翻倍。",
        source="Locke, Qin & Brause 2007", group="S")
    capability_cost_cny_per_year: float = param(30_000.0, ge=0, le=1_000_000, unit="CNY/year",
                                                zh="能力建设年成本", en="Capability building cost",
                                                group="assumptions")
    monitoring_max_reduction: float = param(
        0.30, ge=0, le=1, unit="fraction", zh="仅审核最大降幅", en="Audit-only maximum reduction",
        source="Locke, Qin & Brause 2007 (limited effect)", group="assumptions")
    scandal_rate_per_year: float = param(0.15, ge=0, le=5, unit="1/year", zh="供应链丑闻年发生率",
                                         en="Supply-chain scandal hazard", group="assumptions")
    scandal_trust_drop: float = param(0.35, ge=0, le=1, unit="trust", zh="丑闻信任下降",
                                      en="Trust lost in a scandal", group="assumptions")
    scandal_recovery_days: float = param(45.0, ge=1, le=720, unit="days", zh="丑闻恢复时间常数",
                                         en="Scandal recovery time constant", group="assumptions")


class Governance(_Section):
    footprint_page: bool = param(
        False, zh="环境足迹页面", en="Environmental footprint page",
        help_en="Monthly packaging, degradable share and logistics cuts shown to customers; "
        "raises trust only as far as practice backs it.",
        help_zh="向顾客展示每月包装用量、可降解比例和物流减排；仅在有实际行动支撑时提升信任。",
        source=src.ESG_MARKETING_ENV, group="G")
    green_label: bool = param(
        False, zh="绿色订单标签", en="Green-order label",
        help_en="Labels orders with green packaging or offsets; eco-minded customers value it.",
        help_zh="为绿色包装或已抵消碳排的订单加标签；环保型客户看重。",
        source=src.ESG_MARKETING_ENV, group="G")
    data_platform: bool = param(
        False, zh="数据中台", en="Integrated data platform",
        help_en="Links ESG data to customer behaviour: channels convert 10% better and CRM "
        "works 20% better; costs 60,000 CNY a year.",
        help_zh="打通 ESG 数据与客户行为：渠道转化提升 10%，CRM 效果提升 20%；每年 6 万元。",
        source=src.ESG_MARKETING_GOV, group="G")
    data_platform_cost_cny_per_year: float = param(60_000.0, ge=0, le=5_000_000, unit="CNY/year",
                                                   zh="数据中台年成本", en="Data platform cost",
                                                   group="assumptions")
    esg_trust_gain: float = param(
        0.10, ge=0, le=1, unit="trust", zh="ESG 信任提升上限", en="Maximum ESG trust gain",
        help_en="Trust gained from full ESG communication backed by full practice.",
        help_zh="完整 ESG 沟通且有完整实践支撑时的信任提升。", group="assumptions")
    offset_share: float = param(0.0, ge=0, le=1, unit="fraction", zh="碳抵消比例",
                                en="Share of emissions offset", group="E")
    offset_price_cny_per_t: float = param(80.0, ge=0, le=2000, unit="CNY/t CO2e", zh="碳抵消价格",
                                          en="Offset price", group="assumptions")


class Policy(_Section):
    packaging_subsidy: float = param(
        0.0, ge=0, le=1, unit="fraction", zh="绿色包装补贴", en="Green packaging subsidy",
        help_en="Share of the green packaging cost premium paid by the government.",
        help_zh="政府承担的绿色包装成本溢价比例。", group="policy")
    green_logistics_subsidy_cny: float = param(
        0.0, ge=0, le=10, unit="CNY/parcel", zh="绿色物流补贴", en="Green logistics subsidy",
        help_en="Paid per parcel delivered electrically.", help_zh="按电动配送件数补贴。",
        group="policy")
    training_subsidy: float = param(
        0.0, ge=0, le=1, unit="fraction", zh="培训补贴", en="Training subsidy",
        help_en="Share of the staff training cost (per person a year and per new hire) paid by "
        "the government. The full training cost stays in staff costs and the payment is booked "
        "as a subsidy, so profit is as if the shop paid only its share.",
        help_zh="政府承担的员工培训费用比例（按人每年及每名新员工计）。培训费用全额计入人工成本，"
        "补贴单独记为补贴收入，利润等同于网店只负担自身份额。",
        source=src.MERCHANT_CAPABILITY_SUPPORT, group="policy")
    carbon_price_cny_per_t: float = param(0.0, ge=0, le=2000, unit="CNY/t CO2e", zh="碳价",
                                          en="Carbon price", group="policy")
    commission_rate: float = param(0.12, ge=0, le=0.5, unit="fraction", zh="平台佣金率",
                                   en="Platform commission", source=f"{src.INDUSTRY_PLAN_RISKS} (8% → 12%)",
                                   group="policy")
    disclosure_mandate: bool = param(
        False, zh="足迹披露强制要求", en="Disclosure mandate (footprint page)",
        help_en="The region requires every shop to publish an environmental footprint page: the "
        "shop behaves as if its footprint page were on (it raises trust only as far as practice "
        "backs it, and makes green packaging visible to eco-minded shoppers). Costs the "
        "government nothing.",
        help_zh="地区要求所有网店公开环境足迹页面：网店如同开启了足迹页面（仅在有实际行动支撑时提升信任，"
        "并让环保型顾客看到绿色包装）。政府无需支出。",
        source=src.ESG_MARKETING_ENV, group="policy")
    community_funding_cny_per_year: float = param(
        0.0, ge=0, le=1_000_000, unit="CNY/year", zh="商户社群营销资助",
        en="Merchant-community funding",
        help_en="Public money a year for the shop's merchant-community joint marketing: spent on "
        "the community channel on top of the shop's own budget (more customers through that "
        "channel), booked as marketing cost and as an equal subsidy, so the shop pays nothing "
        "for it.",
        help_zh="政府每年资助网店参与商户社群联合营销的金额：在网店自身预算之外投入社群渠道（带来更多该渠道"
        "新客），计入营销费用，同时记为等额补贴，网店无需为此付费。",
        source=src.MERCHANT_CAPABILITY_COMMUNITY, group="policy")
    commission_rebate: float = param(
        0.0, ge=0, le=0.10, unit="fraction", zh="认证绿色网店佣金返还",
        en="Commission rebate for certified green shops",
        help_en="Share of kept sales (percentage points of commission) paid back to a certified "
        "green shop: green packaging (any option but standard) and at least half of its parcels "
        "delivered electrically (an assumption of this model). The commission is booked in "
        "full and the rebate as a subsidy; other shops get nothing.",
        help_zh="返还给认证绿色网店的销售额比例（即佣金的百分点）：认证条件为使用绿色包装（标准包装以外的任一"
        "方案）且至少一半包裹电动配送（本模型的假设）。佣金全额计入，返还记为补贴；未认证网店不享受。",
        source=ASSUMPTION, group="policy")


class Run(_Section):
    horizon_days: int = param(365, ge=1, le=MAX_HORIZON_DAYS, unit="days", zh="模拟天数",
                              en="Horizon", group="run")
    warmup_days: float = param(0.0, ge=0, le=MAX_HORIZON_DAYS, unit="days", zh="预热期",
                               en="Warm-up", help_en="Orders placed earlier are left out of the "
                               "fulfilment-wait statistics.", help_zh="预热期内的订单不计入履约等待统计。",
                               group="run")
    monitor_interval_hours: float = param(
        1.0, ge=0, le=24 * 30, unit="hours", zh="队列采样间隔", en="Queue sampling interval",
        help_en="Sample the number of orders in pick/pack this often (0 = off).",
        help_zh="拣货打包环节在制订单数的采样间隔（0 为不采样）。", group="run")
    active_window_days: int = param(180, ge=7, le=730, unit="days", zh="活跃客户窗口",
                                    en="Active-customer window", group="run")


SECTION_GROUPS = {
    "shop": "assumptions", "customers": "assumptions", "marketing": "marketing",
    "staff": "S", "logistics": "E", "emissions": "assumptions", "packaging": "E",
    "suppliers": "S", "governance": "G", "policy": "policy", "run": "run",
}


class Scenario(_Section):
    """One complete, validated set of model inputs. Immutable."""

    shop: Shop = Shop()
    customers: Customers = Customers()
    marketing: Marketing = Marketing()
    staff: Staff = Staff()
    logistics: Logistics = Logistics()
    emissions: Emissions = Emissions()
    packaging: Packaging = Packaging()
    suppliers: Suppliers = Suppliers()
    governance: Governance = Governance()
    policy: Policy = Policy()
    run: Run = Run()

    @model_validator(mode="after")
    def _cross_checks(self) -> "Scenario":
        if self.customers.eco_share + self.customers.price_share > 1 + 1e-9:
            raise ValueError(
                "customers.eco_share + customers.price_share must be at most 1, got "
                f"{self.customers.eco_share + self.customers.price_share:.6g}")
        if self.staff.shift_hours + self.staff.overtime_hours_per_day > 24:
            raise ValueError(
                f"staff.shift_hours + staff.overtime_hours_per_day must be at most 24, got "
                f"{self.staff.shift_hours:g} + {self.staff.overtime_hours_per_day:g}")
        if self.run.warmup_days >= self.run.horizon_days:
            raise ValueError(f"run.warmup_days ({self.run.warmup_days:g}) must be below "
                             f"run.horizon_days ({self.run.horizon_days})")
        orders = self.workload_orders()
        if orders > MAX_ORDERS:
            raise ValueError(
                f"this scenario could simulate about {orders:,.0f} orders over "
                f"{self.run.horizon_days} days (at most every channel's response at this spend, "
                f"peak trust and festivals, and the highest repurchase odds); the limit is "
                f"{MAX_ORDERS:,}: lower run.horizon_days, customers.initial_customers, "
                "customers.organic_new_per_day, the marketing budget or the repurchase settings")
        return self

    def _paid_new_per_day_and_festival_factor(self) -> tuple[float, float]:
        """New customers a day from the paid channels at their steady response to this
        spend, and the festivals' mean uplift over a year (1 without festivals)."""
        from . import marketing as mk

        m = self.marketing
        spend = mk.daily_spend(self)
        paid = sum(mk.channel_rate(self, ch, mk.steady_adstock(
            spend[ch], getattr(m.response, ch).decay)) for ch in ACQUISITION_CHANNELS)
        fest = 1.0
        if m.festivals:
            peak = m.festival_multiplier
            fest = (365.0 - 12 + 2 * peak + 10 * (1 + (peak - 1) * 0.25)) / 365.0
        return paid, fest

    def workload_orders(self) -> float:
        """An upper estimate of the orders a run simulates (protects a shared machine): new
        customers at every channel's steady response to this spend, at peak trust, with
        organic traffic at its ranking cap and the festivals' mean uplift, plus the past
        buyers (half as many again for older buyers still active), each placing twice the
        BG/NBD expected orders over the horizon (members at their faster rate)."""
        from .realdata import bgnbd_expected_repeats

        m, c, H = self.marketing, self.customers, self.run.horizon_days
        paid, fest = self._paid_new_per_day_and_festival_factor()
        gain = 1.0 + self.governance.esg_trust_gain
        new = (c.organic_new_per_day * RANKING_MAX + paid) * gain * fest * H
        past = 1.5 * c.initial_customers
        if not c.repurchase_enabled:
            return new + past
        mult = m.member_frequency_multiplier if m.membership else 1.0
        repeats = bgnbd_expected_repeats(c.purchase_rate_shape, c.purchase_rate_scale_days / mult,
                                         c.dropout_a, c.dropout_b, float(H))
        return (new + past) * 2.0 * (1.0 + float(repeats))

    def expected_orders(self) -> float:
        """The orders a run is expected to simulate: the work it asks of a machine, close to
        the simulated number and erring high (0–20% above it for the presets over a year, up
        to about 60% for a short run with a large budget, whose ranking has not caught up),
        where :meth:`workload_orders` is a bound five to six times higher. New customers at every
        channel's steady response and organic traffic at the platform ranking the estimate
        itself implies (a few fixed-point steps), each ordering once and then the BG/NBD
        expected repeats over half the horizon (they arrive evenly over it); the shop's
        recent buyers (``customers.initial_customers``) their expected repeats over the
        horizon."""
        from . import marketing as mk
        from .realdata import bgnbd_expected_repeats

        m, c, H = self.marketing, self.customers, float(self.run.horizon_days)
        spend = mk.daily_spend(self)
        paid, fest = self._paid_new_per_day_and_festival_factor()
        scale = (1.0 + self.governance.esg_trust_gain) * fest
        half = full = 0.0
        if c.repurchase_enabled:
            # members (a share of buyers) buy faster; CRM spend away from the reference
            # shifts the log-odds of leaving by m and the rate by exp(κ·m); the odds of
            # leaving scaled by k ≈ Beta(a, 1 + (b − 1)/k), which keeps their mean
            mult = 1.0 + (m.member_frequency_multiplier - 1.0) * m.member_join_rate \
                if m.membership else 1.0
            shift = mk.crm_logit(self, spend["crm"]) - mk.crm_logit(self, mk.crm_reference_spend())
            mult *= math.exp(c.experience_rate_weight * shift)
            b = 1.0 + (c.dropout_b - 1.0) * math.exp(shift) if c.dropout_b > 1 else c.dropout_b
            args = (c.purchase_rate_shape, c.purchase_rate_scale_days / mult, c.dropout_a, b)
            half = float(bgnbd_expected_repeats(*args, H / 2.0))
            full = float(bgnbd_expected_repeats(*args, H))
        past = c.initial_customers * full
        ranking, orders = 1.0, 0.0
        for _ in range(4):
            new = (c.organic_new_per_day * ranking + paid) * scale * H
            orders = new * (1.0 + half) + past
            ranking = mk.ranking_factor(self, orders / H) if H > 0 else 1.0
        return orders

    # -- variants and identity -------------------------------------------------------------
    def with_changes(self, changes: dict[str, Any]) -> "Scenario":
        """A new validated scenario with ``{"dotted.path": value}`` changes applied."""
        from .loader import apply_changes

        return apply_changes(self, changes)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def canonical_json(self) -> str:
        """Stable JSON (sorted keys, no spaces) with the schema version, for caching/sharing."""
        return json.dumps({"schema_version": SCHEMA_VERSION, "scenario": self.to_dict()},
                          sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def fingerprint(self) -> str:
        return hashlib.sha256(self.canonical_json().encode()).hexdigest()[:16]


# Documented plausible ranges for the assumptions a result may hang on: the low and high
# ends used by the sensitivity analysis (one-at-a-time swings and the global design), with
# where each range comes from. Parameters without one swing ±25% (clipped to their bounds).
PLAUSIBLE_RANGES: dict[str, tuple[float, float, str]] = {
    "shop.order_value_cny": (195.0, 325.0, "±25% around the apparel basket assumption"),
    "shop.gross_margin": (0.50, 0.70, "apparel: listed brands 44% (Semir 2023) to about 65%; "
                          "small online shops' markups of 2–3× on cost"),
    "shop.return_rate": (0.10, 0.50, "apparel: Tmall press report (7.5–15%) to women's wear "
                         "(50–60%, 36Kr Research 2025)"),
    "customers.eco_share": (0.15, 0.40, "Kantar China 2022 (26%); other surveys 15–40%"),
    "customers.purchase_rate_scale_days": (8.0, 20.0, "repeat purchase 32% to 26% within a year"),
    "customers.dropout_b": (2.0, 4.5, "Fader, Hardie & Lee 2005 CDNOW fit (2.1–2.4) to about twice"),
    "marketing.ranking_elasticity": (0.6, 0.95, "assumption: platform ranking by sales velocity"),
    "customers.satisfaction_weight": (1.5, 4.5, "assumption: half to 1.5× the default"),
    "customers.trust_weight": (0.75, 2.25, "assumption: half to 1.5× the default"),
    "customers.purchase_rate_shape": (0.07, 0.14, "assumption: ±40% around the calibrated value"),
    "customers.late_penalty_per_day": (0.06, 0.18, "assumption: half to 1.5× the default"),
    "customers.green_packaging_bonus": (0.0, 0.10, f"{src.ESG_MARKETING_ENV_PROBLEMS}; assumption"),
    "governance.esg_trust_gain": (0.0, 0.20, "assumption: none to double the default"),
    "marketing.crm_max_logit": (0.45, 1.35, "assumption: half to 1.5× the default"),
    "marketing.festival_multiplier": (2.0, 5.0, "assumption"),
    "staff.base_quit_rate_per_year": (0.25, 0.45, "turnover target 40–60% a year"),
    "staff.pack_minutes": (10.0, 16.0, "assumption"),
    "staff.wage_elasticity": (-4.0, -2.0, "Emanuel & Harrington (about −3)"),
    "logistics.urban_km_per_parcel": (0.1, 0.3, "courier rounds of 100–200 parcels (assumption)"),
    "logistics.rural_km_per_parcel": (0.3, 1.5, "assumption"),
    "logistics.linehaul_kg_per_parcel": (0.18, 0.35, "Kang et al. 2021 (0.27 average, ±16%; "
                                         "≈0.35 per intercity parcel)"),
    "logistics.carrier_electric_share": (0.3, 0.9, "assumption"),
    "logistics.delivery_cost_cny": (4.5, 8.0, "assumption"),
    "logistics.failed_attempt_rate": (0.03, 0.10, "assumption"),
    "emissions.diesel_kg_per_km": (0.30, 0.45, "Huo et al. 2012 ± fleet variation, well-to-wheel"),
    "emissions.standard_pack_kg": (0.25, 0.35, "calibration band 0.25–0.35 kg per parcel"),
    "emissions.electric_reduction": (0.50, 0.80, "Sustainability 2018, 10(12):4547 (69%)"),
    "emissions.kwh_per_order": (0.20, 0.50, "assumption"),
    "suppliers.defect_rate": (0.015, 0.05, "assumption"),
    "policy.commission_rate": (0.08, 0.15, f"{src.INDUSTRY_PLAN_RISKS} (8% → 12%)"),
}


def field_bounds(info: Any) -> tuple[float | None, float | None]:
    """(ge, le) of a schema field, None where unbounded."""
    lo = hi = None
    for m in info.metadata:
        lo = m.ge if getattr(m, "ge", None) is not None else lo
        hi = m.le if getattr(m, "le", None) is not None else hi
    return lo, hi


def iter_parameters(model: type[BaseModel] = Scenario, prefix: str = "",
                    group: str | None = None):
    """Yield (dotted path, FieldInfo, lever group) for every leaf parameter of the schema."""
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        ann = info.annotation
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        g = extra.get("group") or group or SECTION_GROUPS.get(path.split(".")[0], "assumptions")
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            yield from iter_parameters(ann, path + ".", g if prefix else None)
        else:
            yield path, info, g


def parameter_table(scenario: Scenario | None = None) -> list[dict[str, Any]]:
    """One row per parameter: path, group, labels, unit, value, default, bounds, source, help.

    The methodology page and the UI's widgets read ranges, labels and sources from here.
    """
    sc = scenario or Scenario()
    default = Scenario()
    rows = []
    for path, info, group in iter_parameters():
        extra = dict(info.json_schema_extra) if isinstance(info.json_schema_extra, dict) else {}
        parts = path.split(".")
        if parts[:2] == ["marketing", "response"]:       # per-channel response: assumptions
            group = "assumptions"
            zh, en = CHANNEL_LABELS[parts[2]]
            extra["label_zh"] = f"{zh} · {extra.get('label_zh', '')}"
            extra["label_en"] = f"{en} · {extra.get('label_en', '')}"
        lo, hi = field_bounds(info)
        value, dflt = sc, default
        for part in path.split("."):
            value, dflt = getattr(value, part), getattr(dflt, part)
        rows.append({
            "path": path, "group": group,
            "label_zh": extra.get("label_zh", path), "label_en": extra.get("label_en", path),
            "unit": extra.get("unit", ""), "value": value, "default": dflt,
            "min": lo, "max": hi, "source": extra.get("source", ASSUMPTION),
            "help_en": extra.get("help_en", ""), "help_zh": extra.get("help_zh", ""),
            "plausible_low": PLAUSIBLE_RANGES[path][0] if path in PLAUSIBLE_RANGES else None,
            "plausible_high": PLAUSIBLE_RANGES[path][1] if path in PLAUSIBLE_RANGES else None,
        })
    return rows


@functools.lru_cache(maxsize=1)
def parameter_rows() -> dict[str, dict[str, Any]]:
    """``parameter_table()`` of the baseline by dotted path, built once (read-only)."""
    return {r["path"]: r for r in parameter_table()}
