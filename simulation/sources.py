"""Short citations of the source documents the model's figures come from.

The full bibliography, with each document's Chinese and English title, what it is and what
each cited section gives, is ``docs/SOURCES.md``; the key in brackets in each comment below
is that document's entry there. A citation reads well after "source: " and can take a note:
``f"{INDUSTRY_PLAN_RISKS} (82% on time)"``.

Section numbers are the documents' own: ``§2.1`` is section 2.1 of a document numbered in
Arabic numerals, and part 二, subsection (一) of one numbered in Chinese numerals.

The strings are English with the Chinese title kept as published; ``zh(text)`` gives the
same citation for Chinese text (the title alone, without the English gloss). A plain module:
it imports nothing from the rest of the package.
"""

from __future__ import annotations

# --- [ESG-Marketing] 王鹏《ESG 视角下中小电商精准营销破局策略》 -----------------------------
# Wang Peng, "Breaking through in precision marketing for small and medium e-commerce
# firms from an ESG perspective", 《上海商业》 (Shanghai Business).
ESG_MARKETING = ("《ESG 视角下中小电商精准营销破局策略》 "
                 "(ESG and precision marketing for small e-commerce shops)")
#: [ESG-Marketing] §2.1 环境维度困境: packaging waste; green materials cost more, so small
#: shops hesitate and lose eco-minded buyers; small carriers with old vehicles, crude routes.
ESG_MARKETING_ENV_PROBLEMS = f"{ESG_MARKETING} §2.1"
#: [ESG-Marketing] §2.2 社会维度困境: long hours, unpaid overtime, thin benefits and short
#: social insurance drive turnover, which hurts service; weak supplier oversight, scandals.
ESG_MARKETING_SOCIAL_PROBLEMS = f"{ESG_MARKETING} §2.2"
#: [ESG-Marketing] §2.3 治理维度困境: family-style decisions chase short-term traffic; weak
#: data governance.
ESG_MARKETING_GOV_PROBLEMS = f"{ESG_MARKETING} §2.3"
#: [ESG-Marketing] §3.1 环境维度策略: degradable/reusable packaging with suppliers, route
#: optimisation, new-energy vehicles, the environmental-footprint page, the green-order label.
ESG_MARKETING_ENV = f"{ESG_MARKETING} §3.1"
#: [ESG-Marketing] §3.2 社会维度策略: full social insurance, health checks, paid leave,
#: training and career paths; supplier ESG audits with rewards and sanctions.
ESG_MARKETING_SOCIAL = f"{ESG_MARKETING} §3.2"
#: [ESG-Marketing] §3.3 治理维度策略: outside expertise, an ESG committee, 10–15% of the
#: marketing budget a year on ESG, an integrated data platform.
ESG_MARKETING_GOV = f"{ESG_MARKETING} §3.3"

# --- [Merchant-Capability] 邱兴朋, 电子商务评论 (E-Commerce Letters) 2025 --------------------
# Small and micro merchants' digital-marketing capability under the e-commerce economy,
# and a social-work intervention path (title as given by the abstract).
MERCHANT_CAPABILITY = ("《电商经济背景下小微商户数字营销能力困境与社会工作介入路径》 "
                       "(Small merchants' digital-marketing capability: a social-work view)")
#: [Merchant-Capability] §2.1 资源与资金短缺: tiny budgets, one or two people, weak tools.
MERCHANT_CAPABILITY_PROBLEMS = f"{MERCHANT_CAPABILITY} §2.1"
#: [Merchant-Capability] §3.1 赋能增能与资源链接: public subsidies and inclusive finance
#: (§3.1.1), customised training with platforms and universities (§3.1.2).
MERCHANT_CAPABILITY_SUPPORT = f"{MERCHANT_CAPABILITY} §3.1"
#: [Merchant-Capability] §3.3.1 构建互助社群: merchant communities for joint marketing,
#: cross-promotion and shared resources.
MERCHANT_CAPABILITY_COMMUNITY = f"{MERCHANT_CAPABILITY} §3.3.1"
#: [Merchant-Capability] §3.4.3 客户关系管理与复购率提升: segmentation, membership,
#: after-sales care to raise repurchase.
MERCHANT_CAPABILITY_CRM = f"{MERCHANT_CAPABILITY} §3.4.3"

# --- [Industry-Plan] 《电商行业实施方案范文参考》 (figures for China, 2023) --------------------
INDUSTRY_PLAN = "《电商行业实施方案范文参考》 (E-commerce industry implementation plan)"
#: [Industry-Plan] §1.3: user-profile precision marketing lifted one brand's repurchase 25%.
INDUSTRY_PLAN_TECHNOLOGY = f"{INDUSTRY_PLAN} §1.3"
#: [Industry-Plan] §1.5: green packaging use 35%, green searches +62%, consumers would pay
#: a 5–10% premium for green packaging; 75% read 3+ shops' reviews.
INDUSTRY_PLAN_CONSUMERS = f"{INDUSTRY_PLAN} §1.5"
#: [Industry-Plan] §2.1: repurchase below 30%; 30-day churn 22%; CAC 185 CNY (+28%);
#: small merchants' acquisition cost above 40% of revenue; industry margin 8.2% → 3.5%.
INDUSTRY_PLAN_COMPETITION = f"{INDUSTRY_PLAN} §2.1"
#: [Industry-Plan] §2.2: rural delivery 48 h slower and 30% dearer; fresh spoilage 25%.
INDUSTRY_PLAN_SUPPLY = f"{INDUSTRY_PLAN} §2.2"
#: [Industry-Plan] §3.2: KOC content converts at 12% against 5% on average.
INDUSTRY_PLAN_TARGETS = f"{INDUSTRY_PLAN} §3.2"
#: [Industry-Plan] §3.4: private-domain operation lifted one brand's repurchase to 50%.
INDUSTRY_PLAN_RESOURCES = f"{INDUSTRY_PLAN} §3.4"
#: [Industry-Plan] §4.3: members buy 8 times a year, 3× as often as non-members.
INDUSTRY_PLAN_EXPERIENCE = f"{INDUSTRY_PLAN} §4.3"
#: [Industry-Plan] §5.1: on-time compliance 82%; bad weather +15% delays; commission 8%
#: (2020) → 12% (2023); small merchants' margin under 3%.
INDUSTRY_PLAN_RISKS = f"{INDUSTRY_PLAN} §5.1"
#: [Industry-Plan] §5.2: ROAS 3.5 → 2.1; private-domain users buy 3× as often.
INDUSTRY_PLAN_MARKET = f"{INDUSTRY_PLAN} §5.2"
#: [Industry-Plan] §9.2: route optimisation cut a platform's carbon 25%; shared boxes −40%
#: plastic waste.
INDUSTRY_PLAN_GREEN = f"{INDUSTRY_PLAN} §9.2"
#: [Industry-Plan] §9.3: community members 3× as often; KOC 12% against 5%.
INDUSTRY_PLAN_SOCIAL = f"{INDUSTRY_PLAN} §9.3"

# --- [SME-Strategy-2025] 《2025年中小企业数字营销战略实施方案》 ------------------------------
SME_STRATEGY = "《2025年中小企业数字营销战略实施方案》 (2025 SME digital-marketing strategy plan)"
#: [SME-Strategy-2025] §2.2: channels (SEO/SEM, social media, short video and livestream,
#: content, e-mail / private domain).
SME_STRATEGY_CHANNELS = f"{SME_STRATEGY} §2.2"
#: [SME-Strategy-2025] §7.1: budget components (platform, content, paid media, tools, data,
#: events and KOL).
SME_STRATEGY_BUDGET = f"{SME_STRATEGY} §7.1"
#: [SME-Strategy-2025] §9.1: the KPI system (awareness, traffic, conversion, CAC, CLV, ROI).
SME_STRATEGY_KPIS = f"{SME_STRATEGY} §9.1"

# --- [News-2022] 电商行业资讯 (e-commerce industry news digest, June 2022) --------------------
NEWS_2022 = "电商行业资讯 (e-commerce industry news digest, June 2022)"
#: [News-2022] 《电商“造节”以“二次创新”化解流量焦虑》 (2022-06-21): 618 and Double 11.
NEWS_FESTIVALS = ("《电商“造节”以“二次创新”化解流量焦虑》 "
                  "(e-commerce news, 2022-06-21: shopping festivals)")
#: [News-2022] 《2022年中国社交电子商务行业市场规模及未来发展趋势前景预测分析》
#: (2022-06-09): social commerce lowers acquisition cost through communities.
NEWS_SOCIAL_COMMERCE = ("《2022年中国社交电子商务行业市场规模及未来发展趋势前景预测分析》 "
                        "(e-commerce news, 2022-06-09: social commerce)")
#: [News-2022] 《信任是直播电商2.0时代的核心竞争力》 (2022-06-09): platforms weight
#: merchants' exposure by a trust index.
NEWS_TRUST = ("《信任是直播电商2.0时代的核心竞争力》 "
              "(e-commerce news, 2022-06-09: trust in livestream commerce)")
#: [News-2022] 《数字化转型十年，中国SaaS服务商微盟给出数字零售【最优解】》 (2022-06-22):
#: private-domain operation and trained digital-retail staff lift repurchase.
NEWS_PRIVATE_DOMAIN = ("《数字化转型十年，中国SaaS服务商微盟给出数字零售【最优解】》 "
                       "(e-commerce news, 2022-06-22: private domain)")

# The Chinese form of each citation: the title alone (sections and notes are kept).
_ZH: dict[str, str] = {
    ESG_MARKETING: "《ESG 视角下中小电商精准营销破局策略》",
    MERCHANT_CAPABILITY: "《电商经济背景下小微商户数字营销能力困境与社会工作介入路径》",
    INDUSTRY_PLAN: "《电商行业实施方案范文参考》",
    SME_STRATEGY: "《2025年中小企业数字营销战略实施方案》",
    NEWS_2022: "电商行业资讯（2022 年 6 月）",
    NEWS_FESTIVALS: "《电商“造节”以“二次创新”化解流量焦虑》（2022-06-21）",
    NEWS_SOCIAL_COMMERCE: "《2022年中国社交电子商务行业市场规模及未来发展趋势前景预测分析》（2022-06-09）",
    NEWS_TRUST: "《信任是直播电商2.0时代的核心竞争力》（2022-06-09）",
    NEWS_PRIVATE_DOMAIN: "《数字化转型十年，中国SaaS服务商微盟给出数字零售【最优解】》（2022-06-22）",
}


def zh(text: str) -> str:
    """``text`` with every citation above in its Chinese form (``§`` sections kept)."""
    for en, cn in _ZH.items():
        text = text.replace(f"{en} §", f"{cn}§").replace(en, cn)
    return text


#: Every citation constant of this module by name (for the tests and the bibliography).
CITATIONS: dict[str, str] = {k: v for k, v in dict(globals()).items()
                             if k.isupper() and isinstance(v, str)}
