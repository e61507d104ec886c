"""The project's own labelled training corpus, generated from templates written for fanzha.

No external data set is shipped or fetched: every example below was written from the domain
description (DOMAIN.md §4) and general knowledge of how these frauds and ordinary messages read.
Templates are filled with slot values by a seeded random generator, so the corpus (and therefore
the default model) is the same on every machine.

Three styles are covered for every fraud type, because three kinds of text reach the checker:
an SMS, a chat message (resident pastes it), and a case narrative (staff paste it). NORMAL covers
real-looking bank, carrier, delivery, government, school and shop messages, legitimate
verification-code SMS, marketing with links, family and work chat, and anti-fraud reminders that
*mention* the cues without being fraud.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

SEED = 20240607


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled training text; ``group`` names its template (for grouped cross-validation)."""

    text: str
    label: str
    group: str


# ---------------------------------------------------------------------------- slot values

# fmt: off
_BANKS = [
    "工商银行", "建设银行", "农业银行", "中国银行", "交通银行", "招商银行", "邮储银行",
    "浦发银行", "兴业银行", "民生银行", "中信银行", "光大银行", "平安银行", "农村商业银行",
]
_CARRIERS = ["中国移动", "中国联通", "中国电信"]
_SHOPS = ["淘宝", "京东", "拼多多", "抖音商城", "闲鱼", "唯品会", "快手小店", "天猫"]
_COURIERS = ["顺丰", "中通", "圆通", "韵达", "申通", "京东物流", "邮政EMS", "极兔"]
_CITIES = [
    "北京", "上海", "广州", "深圳", "哈尔滨", "成都", "武汉", "西安", "南京", "杭州", "重庆",
    "天津", "长沙", "郑州", "济南", "沈阳", "昆明", "福州", "合肥", "南宁", "太原", "石家庄",
]
_SURNAMES = list("王李张刘陈杨赵黄周吴徐孙马胡朱郭何林罗高梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈")
_TITLES = ["总", "书记", "局长", "主任", "处长", "校长", "院长", "经理", "董事长", "科长"]
_GAMES = [
    "王者荣耀", "和平精英", "原神", "英雄联盟", "梦幻西游", "蛋仔派对", "第五人格", "逆水寒",
    "穿越火线", "地下城与勇士", "我的世界", "崩坏星穹铁道",
]
_GOODS = [
    "iPhone15", "茅台酒", "名牌包", "演唱会门票", "二手电脑", "品牌手表", "奶粉", "化妆品套装",
    "进口红酒", "游戏机", "电动车", "空调", "羽绒服", "冬虫夏草", "金条", "口罩",
]
_RELATIVES = ["儿子", "女儿", "孙子", "孙女", "外孙", "侄子", "外甥", "表弟", "老同学"]
_APPS_FAKE = [
    "汇盈国际", "鑫达财富", "金鼎汇", "恒瑞资本", "亿通金服", "聚宝盆", "星耀数字", "环球优选",
    "智投宝", "天利优选", "银河优品", "U钱包", "好运来", "万家惠",
]
_MEETING_APPS = ["腾讯会议", "钉钉会议", "ZOOM", "向日葵", "ToDesk", "云视讯"]
_SCHOOLS = ["实验小学", "第二中学", "育才幼儿园", "第一中学", "阳光小学", "职业技术学院"]
_FOODS = ["饺子", "红烧肉", "火锅", "鱼", "面条", "排骨汤", "包子"]
_PLACES = ["菜市场", "公园", "医院", "超市", "学校门口", "小区门口", "单位", "车站"]
_AGENCIES = [
    "市公安局", "市人民检察院", "市中级人民法院", "公安分局刑侦大队", "经侦支队", "网安支队",
    "市医保局", "市社保局", "市市场监督管理局", "最高人民检察院", "国家反洗钱中心",
]
_FAKE_WORDS = [
    "icbc-vip", "ccb-kefu", "boc-up", "etc-gov", "ybj-cx", "jf-duihuan", "bank-safe", "10086-jf",
    "abc-ebank", "cmb-tiee", "yibao-rz", "etcrenzheng", "jifen-dh", "gov-bt", "zwfw-cn", "mkd-qb",
    "taobao-tk", "jd-lipei", "sf-kefu", "kuaidi-pei",
]
_TLDS = ["cc", "top", "xyz", "vip", "com", "net", "cn", "club", "icu", "shop"]
# Links in ordinary adverts: unknown to us, but not made to look like a bank or an authority.
_AD_WORDS = [
    "dwz.cn/", "t.cn/", "url.cn/", "m.shop", "yhq", "huodong", "vip.mall", "go.app", "app.down",
    "h5.", "s.jd", "m.tb", "wx.", "lp.", "act.", "kj", "ly", "mall",
]
_OFFICIAL_URLS = [
    "www.10086.cn", "u.10010.cn/{code4}", "www.189.cn", "www.icbc.com.cn", "www.ccb.com",
    "m.jd.com", "www.gov.cn", "www.12306.cn", "t.cn/{code4}A", "dwz.cn/{code4}",
    "www.chsi.com.cn", "www.pbccrc.org.cn",
]
# fmt: on


def _rand_phone(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def _rand_amount(rng: random.Random) -> str:
    n = rng.choice([rng.randrange(10, 500), rng.randrange(500, 5000), rng.randrange(5000, 200000)])
    form = rng.randrange(4)
    if form == 0:
        return f"{n}元"
    if form == 1:
        return f"{n}.00元"
    if form == 2:
        return f"¥{n}"
    return f"{max(1, n // 10000)}万元" if n >= 10000 else f"{n}块"


def _rand_fake_url(rng: random.Random) -> str:
    word = rng.choice(_FAKE_WORDS)
    tld = rng.choice(_TLDS)
    path = rng.choice(["", "/", f"/{rng.randrange(100, 99999)}", "/login", "/m", "/?id=8"])
    scheme = rng.choice(["", "", "http://", "https://", "www."])
    return f"{scheme}{word}{rng.randrange(1, 99) if rng.random() < 0.4 else ''}.{tld}{path}"


def _rand_official_url(rng: random.Random) -> str:
    return rng.choice(_OFFICIAL_URLS).format(code4=f"{rng.randrange(16**4):04x}")


def _rand_ad_url(rng: random.Random) -> str:
    word = rng.choice(_AD_WORDS)
    if word.endswith("/"):
        return f"{word}{rng.randrange(16**5):05x}"
    tail = rng.choice(["", f"/{rng.randrange(100, 9999)}", "/a", "/?c=sms"])
    scheme = rng.choice(["", "http://", "https://"])
    return f"{scheme}{word}{rng.randrange(1, 999)}.{rng.choice(_TLDS)}{tail}"


def _rand_account(rng: random.Random) -> str:
    digits = "62" + "".join(str(rng.randrange(10)) for _ in range(rng.choice([14, 17])))
    return digits if rng.random() < 0.7 else " ".join(digits[i : i + 4] for i in (0, 4, 8, 12))


_SLOTS: dict[str, Callable[[random.Random], str]] = {
    "bank": lambda r: r.choice(_BANKS),
    "carrier": lambda r: r.choice(_CARRIERS),
    "shop": lambda r: r.choice(_SHOPS),
    "courier": lambda r: r.choice(_COURIERS),
    "city": lambda r: r.choice(_CITIES),
    "sur": lambda r: r.choice(_SURNAMES),
    "title": lambda r: r.choice(_TITLES),
    "game": lambda r: r.choice(_GAMES),
    "goods": lambda r: r.choice(_GOODS),
    "rel": lambda r: r.choice(_RELATIVES),
    "app": lambda r: r.choice(_APPS_FAKE),
    "meeting": lambda r: r.choice(_MEETING_APPS),
    "school": lambda r: r.choice(_SCHOOLS),
    "food": lambda r: r.choice(_FOODS),
    "place": lambda r: r.choice(_PLACES),
    "agency": lambda r: r.choice(_AGENCIES),
    "amt": _rand_amount,
    "amt2": _rand_amount,
    "phone": _rand_phone,
    "url": _rand_fake_url,
    "ourl": _rand_official_url,
    "adurl": _rand_ad_url,
    "acct": _rand_account,
    "tail": lambda r: f"{r.randrange(10000):04d}",
    "code": lambda r: f"{r.randrange(10 ** r.choice([4, 6])):0{r.choice([4, 6])}d}"[:6],
    "m": lambda r: str(r.randrange(1, 13)),
    "d": lambda r: str(r.randrange(1, 29)),
    "hh": lambda r: f"{r.randrange(7, 23)}:{r.choice(['00', '15', '30', '45'])}",
    "n": lambda r: str(r.randrange(2, 30)),
    "pct": lambda r: str(r.choice([5, 8, 10, 15, 20, 30, 50])),
    "age": lambda r: str(r.randrange(18, 80)),
    "qq": lambda r: str(r.randrange(10**7, 10**10)),
    "hotline": lambda r: r.choice(
        ["95588", "95533", "95599", "95566", "95559", "95555", "95561", "95577", "95528", "95595"]
    ),
}

_SLOT_RE = re.compile(r"\{(\w+)\}")


def _fill(template: str, rng: random.Random) -> str:
    return _SLOT_RE.sub(lambda m: _SLOTS[m.group(1)](rng), template)


# ---------------------------------------------------------------------------- fraud templates

# Short openers and closers that vary the surface of chat-style messages.
_CHAT_OPEN = ["", "", "在吗？", "你好，", "您好，", "亲，", "喂，", "打扰一下，"]
_NARRATIVE_OPEN = [
    "{m}月{d}日，事主{sur}某（{age}岁）报警称：",
    "受害人{sur}某，{age}岁，于{m}月{d}日",
    "{m}月{d}日{hh}许，辖区居民{sur}某反映：",
    "简要案情：{sur}某",
    "据受害人{sur}女士陈述，",
    "报案人{sur}先生称，",
]

FRAUD_TEMPLATES: dict[str, list[str]] = {
    "SDFL": [
        "网络兼职打字员，在家就能做，日结{amt}，联系QQ{qq}",
        "高薪诚聘男女公关，日薪{amt}，无需经验，包吃住，联系{phone}",
        "手工活外发，在家做串珠，先交{amt}材料押金，做完回收结算",
        "招聘兼职，在家动动手指就能赚钱，给抖音视频点赞一个3元，日结，有意加QQ{qq}",
        "宝妈学生兼职：关注店铺、点赞评论，一单返佣{amt}，每天轻松赚几百，加微信{phone}",
        "亲，做任务吗？先垫付{amt}，完成后本金加佣金一起返还，秒返！",
        "你这是连单任务，需要再完成{n}单才能一起提现，否则前面的本金都无法退回",
        "系统显示您卡单了，需要再充值{amt}解除卡单，完成后本金和佣金全部返还",
        "福利任务：充值越多返利越多，充{amt}返{amt2}，名额有限",
        "刷单员招聘，刷信誉刷好评，一单佣金{pct}%，当天结算，私聊",
        "足不出户日赚三五百，手机就能做，只需要给商品点赞收藏，详情加群",
        "派单员：这是今天第{n}个任务，需要垫付{amt}，完成后返还本金并奖励佣金",
        "{sur}某在网上看到“点赞返佣”兼职广告，添加对方后按要求下载App做任务，前几单小额返利到账，"
        "之后被告知需连单充值才能提现，先后转账{amt}，对方失联。",
        "受害人通过QQ群接触刷单兼职，客服称做任务可获得佣金，受害人垫付{amt}后被告知卡单，"
        "需继续充值解冻，共被骗{amt2}。",
        "您好，我们是{shop}商家助力计划，招募点赞员，做一单赚一单，充值越多返利越多",
        "接单前先做个福利任务熟悉流程：给这个视频点赞截图发我，马上返{amt}红包",
        "导师说这是组合单，必须连续做完三单才能提现，我已经垫付了{amt}",
    ],
    "XJTZ": [
        "股票配资1比10，资金当天到账，利息低，{city}正规配资公司，联系{phone}",
        "您的股票被套了吗？资深老师免费诊股，帮您解套，加微信领取牛股",
        "十倍杠杆炒股，小资金做大收益，导师全程指导，名额有限",
        "被骗的钱可以追回！专业团队帮你追回损失，先交{amt}服务费，成功率98%",
        "网络投资被骗了？黑客追款，{n}天到账，联系{phone}",
        "投资{amt}每天返{amt2}，日息{pct}%，高额回报，随存随取，加微信了解",
        "纪念币大全套限量发行，三个月后高价回购，升值空间巨大，订购{phone}",
        "月息{pct}%，保本保息，{city}某投资公司项目，熟人推荐可提高额度",
        "主力资金已进场，明日涨停股代码已发群内，加QQ{qq}免费领取",
        "牛股推荐：本周必涨三只股票，内部消息，已有学员获利{pct}0%，加群领取",
        "恭喜您获得{city}知名私募免费荐股资格，跟着操作稳赚，添加助理微信",
        "新股申购内部名额，保证中签，收益翻倍，名额有限先到先得",
        "老师带单，稳赚不赔，上周跟单的学员收益翻倍，今天还有内幕消息，速进群",
        "我们平台有系统漏洞，每天固定时间下单稳赚，{pct}%的收益，名额不多",
        "{app}平台提现需要先缴纳{amt}的个人所得税，缴纳后资金即可到账",
        "您的账户提现失败，因流水不足被冻结，需缴纳解冻费{amt}才能出金",
        "内部消息：明天这只股会涨停，导师带你操作，加入VIP群只需{amt}",
        "免费荐股，每天推荐一只牛股，助理已拉你进股票交流群",
        "数字货币投资平台{app}，USDT理财，日收益{pct}%，保本保收益，零风险高回报",
        "原始股认购，上市后翻几十倍，内部渠道名额有限，一本万利",
        "{sur}某被拉入“炒股交流群”，群内“导师”推荐下载{app}App投资，"
        "初期小额盈利可提现，大额投入{amt}后无法提现，平台要求缴纳保证金后失联。",
        "事主在直播间结识自称投资导师的人，称有平台漏洞可套利，先后向对方提供的账户转账{amt}，"
        "提现时被要求交纳风险金，才发现被骗。",
        "博彩平台有后台漏洞，跟着我们的计划下注只赚不赔，充得越多赚得越多",
        "外汇期货平台{app}，专业导师一对一指导，收益率每月{pct}%以上",
        "您在{app}的收益已达{amt}，提现需先交{pct}%保证金验资",
        "黄金投资带单，老师喊单准确率98%，入金{amt}起，稳赚",
    ],
    "XJGW": [
        "海关走私车低价出售，手续齐全，价格是市场价三成，{sur}经理{phone}",
        "专业调查，查开房记录、通话记录、手机定位，保密，先付{amt}定金",
        "四六级考试答案，考前一小时发送，包过，联系QQ{qq}",
        "驾考科目一包过，不过全额退款，先交{amt}报名费",
        "海关罚没车辆低价处理，{n}万起，手续齐全，有意者联系{phone}",
        "法院查封拍卖手机一批，{goods}仅售{amt}，先付定金发货",
        "您的好友为您点播了一首歌曲，表达他的祝福，请拨打{phone}收听",
        "高价收购银行卡、手机卡，一套{amt}，当天结算，联系QQ{qq}",
        "双色球内部计划，期期必中，加入会员只需{amt}，联系{phone}",
        "您已抽中本店周年庆大奖，奖金{amt}，领奖前需先交{amt2}个人所得税，请拨打{phone}",
        "特价机票低至{pct}折，国内国际航线，订票热线{phone}",
        "柬埔寨高薪招聘，月薪{n}000，包机票包食宿，无需学历，联系{phone}",
        "出国劳务，{city}正规中介，月薪两万，先交{amt}办理费，联系{sur}老师",
        "爱心求助：我孩子重病住院，求好心人捐款，请转账到{acct}，谢谢大家",
        "恭喜您的号码被抽中二等奖，奖品为{goods}一台及现金{amt}，请拨打{phone}领取",
        "您好，您的手机号码在周年庆活动中中奖，需先交纳{amt}个人所得税和邮寄费",
        "{city}卫视《非常6+1》场外幸运观众通知：您获得奖金{amt}，详情登录{url}",
        "低价出售{goods}，全新未拆封，价格{amt}，只收转账，不走平台",
        "{goods}内部价出售，原价{amt}现价{amt2}，加微信私下交易省手续费",
        "海外代购{goods}，正品保证，先付全款再发货，免税渠道",
        "您购买的{goods}被海关扣押，需补交关税{amt}才能放行，请转账至{acct}",
        "二手{goods}白菜价转让，不走平台，直接转账给我就发货",
        "0元购活动，{goods}免费送，只需付邮费{amt}，点击{url}领取",
        "恭喜您被《{city}卫视》节目抽中为场外幸运观众，奖金{amt}，需先交手续费{amt2}，详见{url}",
        "{sur}某在{shop}看到低价{goods}，卖家以“省手续费”为由让其加微信私下交易，"
        "转账{amt}后被拉黑。",
        "受害人在朋友圈看到代购广告，购买{goods}付款{amt}后，对方称需再交清关费，后失联。",
        "演唱会门票低价转让，内部渠道，付定金{amt}才安排出票",
        "亏本甩卖{goods}，仅限今天，付款后{n}天内发货，不支持平台交易",
        "您的中奖奖品{goods}已备好，需先支付个人所得税{amt}和邮寄费，请转入{acct}",
        "代办驾照包过，不用考试，先交{amt}定金",
    ],
    "MCKF": [
        "您的车险可办理退保，保费退还{amt}，请尽快联系{phone}办理",
        "【{bank}】您的信用卡将扣除年费{amt}，如需取消请致电{phone}",
        "您的银行卡出现异常交易，已被盗刷{amt}，请立即回电{phone}冻结账户",
        "【{city}航空】尊敬的旅客，您预订的{m}月{d}日航班因机械故障已取消，请致电{phone}办理改签或退票，每人补偿{amt}",
        "您好，您的航班因天气原因取消，我们将为您办理延误理赔{amt}，请加客服QQ{qq}",
        "【{bank}】您尾号{tail}的卡于{m}月{d}日在{city}某商场消费{amt}，如有疑问请致电{phone}",
        "您的账户{m}月{d}日扣费{amt}，如非本人操作请尽快联系{phone}办理退款",
        "【{courier}】您的快递因地址不详无法派送，请点击{url}重新填写收货信息",
        "您的包裹因超重滞留，需补缴运费，请点击{url}处理，逾期退回",
        "【{bank}】您的账户已被冻结，请尽快登录{url}解除，详询{phone}",
        "【{carrier}】您的手机号将于24小时内停机，请登录{url}进行实名认证",
        "【{bank}】您的信用卡已开通境外消费，如非本人操作请登录{url}取消",
        "您好，我是{shop}客服，您购买的商品快递丢失，我们将给您双倍理赔，请加QQ{qq}办理",
        "我是{courier}快递客服，您的包裹在运输中丢失，现在为您办理理赔{amt}，需要您配合操作",
        "您开通的百万保障服务今天到期，如不取消将每月自动扣费{amt}，请联系客服{phone}关闭",
        "您好，您在{shop}误开通了学生代理权限，不关闭会影响征信，请下载{meeting}配合操作",
        "为了给您退款，请打开{meeting}，点击共享屏幕，按我的指引操作",
        "请把收到的验证码告诉我，我这边帮您把理赔款退回",
        "系统显示您的账户无法接收退款，需要您在借呗申请一笔备用金验证资金流水，验证后立即退回",
        "【{bank}】您的电子密码器将于次日过期，请登录{url}进行升级，逾期将无法使用",
        "【{bank}】尊敬的客户，您的积分已满{n}000分，可兑换现金{amt}，请登录{url}兑换，逾期清零",
        "【{carrier}】您的话费积分即将清零，可兑换{amt}现金红包，点击{url}立即兑换",
        "您的ETC已失效，为避免影响通行，请点击{url}重新认证",
        "【ETC服务】您的ETC卡已被禁用，请及时登录{url}更新认证信息",
        "【{bank}】您的信用卡额度可提升至{amt}，点击{url}办理提额",
        "尊敬的用户：您的账户存在异常已被冻结，请尽快登录{url}验证身份解除冻结",
        "{sur}某接到自称{shop}客服的电话，称其购买的商品有质量问题可退款，"
        "对方以“退款需验证流水”为由诱导其在多个网贷平台借款并转出{amt}。",
        "受害人接到“快递客服”电话称包裹丢失可理赔，在对方引导下开启屏幕共享，银行卡内{amt}被转走。",
        "事主接到自称{courier}客服电话，称其快递被污染需三倍赔偿，对方让其下载{meeting}并共享屏幕，"
        "随后分{n}笔转账共计{amt}。",
        "您好，这里是{shop}售后，您购买的{goods}批次有问题，现在为您办理退款，麻烦您加一下客服微信",
        "【{bank}】您的手机银行证书即将到期，为保障用户正常使用，请访问{url}更新，感谢您的配合",
        "您的银行卡因涉嫌违规交易已被限制，请点击{url}进行实名认证",
        "【{carrier}】尊敬的客户，您的号码实名信息不全将被停机，请登录{url}完善信息",
        "您的身份证信息已过期，账户将被冻结，请尽快点击{url}登记",
    ],
    "XJDK": [
        "专业包装资料、包装流水，征信不好也能贷，成功后收费，联系{phone}",
        "免费领POS机，刷卡费率低，信用卡提额，加微信了解",
        "办理大额信用卡，额度{n}万起，无需本人到场，包下卡，先交{amt}办卡费",
        "信用卡套现、提额，代办大额信用卡，不看征信，当天下卡，联系{phone}",
        "您已获得{bank}信用卡提额资格，额度可提升至{amt}，需先交{amt2}手续费，回复1办理",
        "贷款不成功全额退款，只需先付{amt}资料审核费，当天到账",
        "无抵押低利息贷款，额度{amt}，审批后需先交{amt2}保证金才能放款",
        "您的贷款已审批通过，由于您的银行卡号填写错误，资金已被冻结，需缴纳解冻金{amt}",
        "放款前需要刷流水证明还款能力，请先转入{amt}到指定账户，放款时一并退还",
        "黑户可贷，不看征信，有身份证就能借，秒批秒到账，详询{phone}",
        "您申请的贷款{amt}已通过，需先交{amt2}工本费和保险费，缴纳后立即到账",
        "{sur}某在网上申请贷款，对方以“交纳保证金”“刷流水”“解冻费”等名义先后让其转账{amt}，"
        "贷款始终未到账。",
        "受害人下载了{app}贷款App，申请借款后提示银行卡号错误需解冻，按客服要求转账{amt}后被骗。",
        "急用钱找我们，低息贷款当天放款，先交会员费{amt}即可享受秒批",
        "您好，您的贷款额度已下发，请先支付{amt}验资金，验证还款能力后即可提现",
        "借款失败，原因：收款账户信息有误，资金被冻结，请联系客服缴纳解冻费",
        "【{app}金融】您有一笔{amt}的贷款待领取，需激活账户，激活费{amt2}，点击{url}",
        "贷款需要先交首期利息{amt}，我们才能给你放款，这是行业规矩",
    ],
    "XJZX": [
        "您在某平台的借款已严重逾期，我司将于三日内向法院起诉立案，请立即联系法务部{phone}",
        "您的信用卡欠款逾期，将上门催收并通报单位和家人，请速联系{phone}处理",
        "您好，我是{shop}金融客服，您大学期间开通的校园贷没有注销，会影响个人征信，需要马上处理",
        "根据银保监会要求，需要注销您的学生账户，否则将影响征信，请配合操作",
        "专业征信修复，消除逾期记录，洗白不良征信，{n}天见效，联系{phone}",
        "您在京东金条的账户存在异常，不注销的话会影响您的征信，请按我说的操作",
        "{sur}某接到自称某平台客服的电话，称其校园贷账户未注销会影响征信，"
        "需将贷款额度取出转入指定账户“清零”，共转出{amt}。",
        "受害人被告知其征信有不良记录，对方可帮忙消除逾期记录，需交“修复费”{amt}。",
        "您的微粒贷账户未关闭，将上报征信中心，留下不良记录，请立即联系{phone}处理",
        "我们可以帮您修改征信，删除逾期记录，贷款买房不受影响，先付{amt}",
        "您的花呗利率不符合国家规定需要注销，否则会影响征信，请把额度转出清零",
        "您好，由于您的账户是学生账户，需要注销，否则每年将产生高额利息并纳入征信",
    ],
    "MCLD": [
        "您好，我是{school}的老师，您孩子在学校摔伤了正在医院急诊，需要马上交手术费{amt}，请转到{acct}",
        "你儿子突发疾病晕倒送医院了，医生要先交押金{amt}，我是他同学，你先转给我",
        "你儿子在我们手上，准备{amt}赎金，敢报警就撕票",
        "我是你{rel}的朋友，他有急事找你，速回电{phone}",
        "有急事找你，看到速回电{phone}，{sur}",
        "房东你好，我换了新卡，房租请直接打到{bank}卡号{acct}，户名{sur}某，打好了告诉我一声",
        "你好，我是房东，这个月的房租和水电费转到这张卡上{acct}，原来的卡不用了",
        "爸妈，我在学校急需交资料费{amt}，我的卡丢了，钱打到我同学的卡{acct}上",
        "你好，之前说的那笔钱直接汇到{bank}{acct}，户名{sur}某，办好回个短信",
        "我是你{rel}，手机没电借别人的打的，我在外面出事了，急需{amt}，先打到这个卡上",
        "我是{sur}{title}，这是我新的微信，明天到我办公室来一趟",
        "我是你{sur}{title}，现在在开会不方便接电话，有件急事需要你帮忙",
        "小{sur}，我这边有个合作单位需要付款{amt}，我不方便操作，你先帮我转给对方，回头报销",
        "妈，我手机坏了，这是我新号码，急需{amt}交学费，先别告诉爸",
        "爸，是我，听不出我是谁了？我在外地出了点事，急需用钱",
        "你{rel}出车祸住院了，需要马上交手术费{amt}，我是他的主治医生",
        "老同学，好久不见，猜猜我是谁？我最近换了新微信号，有事找你帮忙",
        "你好，我是{sur}{title}，领导让我联系你，有一笔款项先帮忙打到这个卡上{acct}",
        "在吗？我是{sur}{title}，正在陪领导开会，不方便说话，你先帮我转{amt}给对方，账号发你",
        "{sur}某（财务人员）被拉入一个QQ群，群内“老板”要求其向指定账户转账{amt}，"
        "事后核实“老板”系冒充。",
        "受害人收到自称其领导的QQ好友申请，对方称“在外开会不方便接电话”，"
        "让受害人先帮忙垫付{amt}给合作方。",
        "事主接到电话，对方称是其{rel}，因打架被派出所扣押，急需{amt}保释金，不要告诉家里人。",
        "加我新微信，原来的号不用了，有急事，方便的话先帮我垫付{amt}",
        "{sur}老师您好，我是学校{sur}主任，请把这学期的资料费{amt}转到这个账户，今天截止",
    ],
    "MCGJF": [
        "【{city}税务】根据国家政策，您的购车购置税可退还{amt}，请于三日内致电{phone}办理",
        "{city}教育局通知：您的孩子可领取助学金{amt}，请联系{phone}办理",
        "您寄往{city}的包裹中藏有违禁品，已被查获，我现在帮您转接{city}公安局",
        "我是{city}{agency}民警，你的身份证涉嫌一起洗钱案，需要对你进行资金核查",
        "你名下的银行卡涉嫌洗钱，现在对你发出通缉令，必须配合调查",
        "为证明你的清白，需要把资金转到国家安全账户进行核查，核查完毕后退还",
        "本案属于国家机密，你不得告诉任何人，包括家人，否则按泄密处理",
        "你好，这里是{city}{agency}，你涉嫌一起非法集资案件，请添加民警QQ进行视频笔录",
        "【{city}{agency}】你有一张传票未领取，请按9查询，逾期将被强制执行",
        "你的医保卡在外地被违规使用已被冻结，我帮你转接{city}公安局",
        "{sur}某接到自称{city}公安局民警的电话，称其涉嫌洗钱，对方通过视频出示“通缉令”，"
        "要求其将存款转入“安全账户”接受资金核查，共被骗{amt}。",
        "受害人接到“{city}{agency}”电话，称其身份证被冒用开办银行卡涉嫌犯罪，"
        "需要签保密协议并转账{amt}证明清白。",
        "【医保局】您的医保卡已暂停使用，需重新认证，请点击{url}办理",
        "【社保中心】您有一笔社保补贴{amt}待领取，请于{m}月{d}日前登录{url}申领",
        "【个税】您的个人所得税退税{amt}已审核通过，请点击{url}领取",
        "【{city}交警】您的车辆有违章未处理，驾驶证将被扣分，请登录{url}查询处理",
        "检察院的同志说我涉嫌洗钱，要我把钱转到清查账户，说查完就还给我",
        "你的资金需要接受审查，把所有存款集中到一张卡上，我们会远程办案",
        "【公积金中心】您的公积金账户已冻结，请尽快登录{url}进行身份认证",
    ],
    "WLHL": [
        "裸聊视频已录下，不转{amt}就把视频发给你的通讯录好友",
        "富婆重金求子，只要你身体健康，成功后酬谢{amt}，先交{amt2}体检费，联系{phone}",
        "本人女，{age}岁，丈夫在国外，寻健康男士借种，事成重谢，联系{phone}",
        "亲爱的，我舅舅在{app}平台工作，知道内部数据，我带你一起投资，稳赚的",
        "宝贝，我在国外不方便视频，最近资金周转不开，你能先借我{amt}吗",
        "我们在婚恋网站认识也快两个月了，我教你玩一个平台，我每天都在上面赚钱",
        "亲爱的，我的账户被冻结了，急需周转{amt}，等我回国就还你",
        "老公，这个平台今天有活动，充得越多赚得越多，你也下载一个我带你玩",
        "{sur}某在交友软件上结识一名“成功人士”，确立恋爱关系后对方推荐其在{app}平台投资，"
        "累计投入{amt}后无法提现，对方失联。",
        "受害人通过网恋结识对方，对方以各种理由拒绝视频，后以母亲住院急需周转为由借走{amt}。",
        "我是在海外维和的军人，有一个包裹要寄给你，需要你先交{amt}的保管费",
        "宝贝，我发现这个博彩网站有规律，跟着我下注就能赚，我们一起为将来攒钱",
        "认识你真好，我的摄像头坏了所以没法视频，等你帮我充值完{amt}我们就见面",
        "网恋对象让我下载一个投资App，说是她叔叔的内部渠道，我已经投了{amt}",
    ],
    "YXJY": [
        "{game}低价充值，点券五折，代充秒到，加QQ{qq}",
        "高价收号，{game}账号回收，联系客服估价，注册交易平台{url}",
        "您在交易平台出售的{game}账号已被买家拍下，但因账户冻结，需缴纳解冻费{amt}才能提现",
        "{game}装备转让，成交需先交保证金{amt}才能交易，押金交易完成后退还",
        "注册我们的游戏交易平台需要交注册费{amt}，交完就能把钱提出来",
        "{sur}某（学生）在游戏中看到“低价充值皮肤”广告，添加对方后按要求付款{amt}，未收到任何道具。",
        "受害人在网上出售{game}账号，买家引导其到虚假交易平台，以“账户冻结”为由要求交解冻费{amt}。",
        "免费领{game}皮肤，只需扫码登录{url}，再把收到的验证码发给我",
        "{game}钻石内部折扣渠道，充{amt}到账双倍，限时三天",
        "你的{game}账号已被高价收购，请下载{meeting}按客服指引完成交易",
        "收{game}账号，价格好商量，但需要你先在平台交{amt}开户费",
    ],
}


# ---------------------------------------------------------------------------- normal templates

NORMAL_TEMPLATES: list[str] = [
    # banks: transaction notices, real service notices, legit loan marketing
    "【{bank}】您尾号{tail}的储蓄卡{m}月{d}日{hh}消费支出{amt}，余额{amt2}。",
    "【{bank}】您尾号{tail}的账户{m}月{d}日收入（工资）{amt}，余额{amt2}。",
    "【{bank}】您尾号{tail}的信用卡本期账单{amt}，最后还款日{m}月{d}日，请按时还款，逾期将影响您的个人征信。",
    "【{bank}】您的信用卡本期账单已出，可登录{ourl}查询，如已还款请忽略。",
    "【{bank}】尊敬的客户，您的个人贷款本期应还{amt}，请于{m}月{d}日前存入足额资金，谢谢。",
    "【{bank}】您好，您申请的信用卡已寄出，收到后请通过官方App激活，我行不会以任何理由索要验证码。",
    "【{bank}】温馨提示：我行工作人员不会要求您转账到所谓安全账户，请勿泄露卡号、密码和验证码。",
    "【{bank}】您有一笔消费贷款额度待使用，年化利率{pct}%起，详询网点或拨打客服热线，回复TD退订。",
    "【{bank}】尊敬的客户，您的积分{n}000分将于年底到期，可在我行官方App积分商城兑换礼品。",
    "【{bank}】您尾号{tail}的卡{m}月{d}日转账汇款{amt}，对方户名：{sur}某，如非本人操作请致电客服。",
    # carriers
    "【{carrier}】尊敬的客户，您{m}月话费账单{amt}，截至{d}日余额{amt2}，详情登录{ourl}查询。",
    "【{carrier}】您的流量已使用80%，剩余{n}GB，可回复KTLL办理流量包，回复TD退订。",
    "【{carrier}】年终回馈，宽带升级千兆只需{amt}/月，详情点击{ourl}，回复TD退订。",
    "【{carrier}】您的话费积分{n}00分即将到期，可登录{ourl}或营业厅App兑换，回复TD退订。",
    "【{carrier}】您已成功办理{n}元流量套餐，次月生效，如有疑问请拨打客服热线。",
    "【{carrier}】您本月话费已从账户自动扣除{amt}，感谢您的使用。",
    # deliveries
    "【{courier}】您的快递已到{place}代收点，取件码{code}，请于今日{hh}前取件。",
    "【{courier}】您的包裹已发出，运单号SF{qq}{tail}，预计{m}月{d}日送达。",
    "【菜鸟驿站】凭取件码{code}到{place}驿站取件，营业时间8:00-21:00。",
    "快递员：您好，您的快递放在门口的快递柜了，取件码{code}，有问题打我电话{phone}",
    "【{shop}】您的订单已签收，如对商品有任何问题，请在App内申请售后，感谢您的购买。",
    "【{shop}】您购买的商品已发货，可在App“我的订单”中查看物流信息。",
    # legitimate verification codes
    "【{bank}】验证码{code}，您正在进行手机银行登录，请勿泄露给他人。",
    "验证码{code}，用于{shop}登录，5分钟内有效，请勿泄露。",
    "【{shop}】您的验证码是{code}，工作人员不会向您索要，请勿告诉任何人。",
    "【12306】验证码：{code}，您正在修改账户密码，如非本人操作请忽略。",
    "【微信支付】验证码{code}，用于绑定银行卡。转给他人将导致资金损失，请勿告知任何人。",
    "您正在注册{game}账号，验证码为{code}，切勿将验证码提供给他人。",
    "【{carrier}】您的短信验证码为{code}，请在10分钟内完成验证，请勿泄露给他人。",
    # government, police, community and school notices
    "【{city}市医保局】您的医保个人账户{m}月已划入{amt}，可在国家医保服务平台App查询。",
    "【{city}社保】您的养老金{amt}已于{m}月{d}日发放至社保卡，请注意查收。",
    "【{city}税务】请于{m}月{d}日前通过个人所得税App完成年度汇算，如已办理请忽略。",
    "【{city}交警】您的机动车检验有效期至{m}月{d}日，请及时到检测站检验。",
    "【{city}市公安局】国家反诈中心提醒：公检法机关不会通过电话办案，不存在安全账户，凡要求转账到安全账户的都是诈骗。",
    "【反诈提醒】刷单就是诈骗！凡是要求垫付资金做任务、充值越多返利越多的都是骗局。",
    "【{city}反诈中心】提醒您：网上贷款放款前要求先交保证金、手续费的都是诈骗，请通过正规银行贷款。",
    "反诈提醒：不要向任何人透露验证码，不要开启屏幕共享，接到陌生来电谨防诈骗，可拨打96110咨询。",
    "温馨提示：凡是自称客服说快递丢失要理赔、让您开屏幕共享的，都是诈骗，请及时挂断。",
    "社区通知：本周六上午9点在{place}开展反诈宣传活动，现场教大家安装国家反诈中心App，欢迎参加。",
    "警方提示：领导突然加你微信要你转账，请务必打电话核实，谨防冒充领导诈骗。",
    "防骗知识：所谓“注销校园贷”“消除逾期记录”都是骗局，征信只能在人民银行征信中心查询。",
    "公安提醒：网恋对象带你投资理财的，基本都是杀猪盘，不要相信，不要转账。",
    "反诈小课堂：游戏账号请在官方平台交易，低价充值、高价收号要交解冻费的都是诈骗。",
    "{school}通知：本周五下午家长会{hh}开始，请家长准时到校，收到请回复。",
    "{school}温馨提示：学校不会通过QQ群收取任何费用，如有收费通知请向班主任电话核实。",
    "各位家长好，明天学生春游，请准备好午餐和水，早上7:30到校集合。",
    "【{city}疾控】秋冬季流感高发，请老人和儿童及时接种疫苗，可预约社区卫生服务中心。",
    "居委会通知：{m}月{d}日上午停水，时间8:00至14:00，请各位居民提前储水。",
    "物业通知：本小区{m}月{d}日进行消防检查，请业主配合，谢谢。",
    # marketing
    "【{shop}】双十一狂欢，全场满300减50，点击{ourl}抢购，回复TD退订。",
    "{shop}会员日：新品{goods}限时八折，到店消费再送积分，回复TD退订。",
    "【{city}万达广场】周末亲子活动，凭短信到服务台领取小礼品，回复T退订。",
    "亲爱的会员，您的生日礼券{amt}已发放至账户，有效期30天，快来{shop}使用吧。",
    "【{city}楼盘】精装三居室，首付{n}万起，地铁口，售楼热线{phone}。",
    "【健身房】新店开业，年卡{amt}，前{n}名再送私教课一节，地址{place}旁。",
    "【{shop}】您关注的{goods}降价了，现价{amt}，点击{ourl}查看，回复TD退订。",
    "{city}火锅店开业酬宾，全场菜品八折，订座电话{phone}。",
    # family, friends and work chat
    "妈，我今天加班，晚饭不回来吃了，你们先吃。",
    "爸，周末我带孩子回去看你们，要带点什么吗？",
    "老婆，我下班顺路买{food}，你还要别的吗？",
    "儿子，天冷了记得多穿衣服，钱不够跟妈说。",
    "今晚吃{food}吧，我已经买好菜了，你几点到家？",
    "明天早上{hh}在{place}见，别迟到啊",
    "我到{place}了，你到哪了？",
    "老公，这个月房贷{amt}我已经还了，信用卡你记得还一下。",
    "上次借你的{amt}我转给你了，你查收一下。",
    "周末一起去爬山吗？叫上老{sur}他们。",
    "{sur}姐，下午的会改到三点了，在三楼会议室。",
    "各位同事，明天上午九点开周例会，请准备好本周工作总结。",
    "{sur}经理，合同我已经发你邮箱了，麻烦看一下，有问题我们当面谈。",
    "报销单已经交到财务了，按公司流程走，下周应该能到账。",
    "今天的会开完了吗？不方便接电话的话给我回个消息就行。",
    "我换新手机了，微信聊天记录迁移好了，号码没变。",
    "收到，我马上处理。",
    "谢谢你今天帮忙，改天请你吃饭！",
    "孩子发烧了，我带他去医院，今天请个假。",
    "刚才打你电话没接，看到回一下。",
    "奶奶说想你了，有空给她打个电话。",
    "团购的水果到了，在小区门口自提。",
    "【{game}】新版本上线，登录即送十连抽，活动详情{adurl}，回T退订",
    "{city}KTV周年庆，欢唱三小时只要{amt}，预订{phone}",
    "美容院新店开业，首次体验仅需{amt}，地址{city}{place}对面，预约{phone}",
    "婚纱摄影{m}月特惠，套系直降{amt}，到店即送礼品，咨询{phone}",
    "【{city}酒店】会员专享，周末入住立减{amt}，预订{adurl}",
    "在线课程限时特价，名师直播课{amt}，扫码或点击{adurl}报名",
    "【{shop}】{goods}以旧换新，最高补贴{amt}，活动详情{adurl}",
    "手机以旧换新，高价回收旧手机，{city}{place}门店，电话{phone}",
    "装修建材团购会{m}月{d}日举行，全场出厂价，报名送礼，{phone}",
    "【{carrier}】流量不够用？{n}元包{n}GB，回复Y{n}办理，详情{adurl}，回TD退订",
    "【{carrier}】尊敬的客户，您已获得{n}元话费券，登录{adurl}领取，回TD退订",
    "【{carrier}】您的积分可兑换话费、流量和礼品，详情登录手机营业厅，回TD退订",
    "新楼盘认筹中，交{n}万抵{n}万，{city}核心地段，电话{phone}",
    "商铺出租，{city}{place}临街旺铺，{n}0平米，价格面议，{sur}先生{phone}",
    "写字楼招租，拎包入住，月租{amt}起，看房{phone}",
    "【保险】{city}某保险公司推出百万医疗险，每年仅需{amt}，详询客户经理{phone}",
    "全屋定制，{m}月{d}日前下单享八折，免费上门测量，{phone}",
    "【{shop}】直播间今晚8点开播，{goods}秒杀价{amt}，点击{adurl}预约",
    "驾校招生，C1学车{amt}，{city}多个考场，报名{phone}",
    "专业开锁换锁，{city}全城上门，24小时服务{phone}",
    "搬家公司，长短途搬家，价格实惠，{sur}师傅{phone}",
    "少儿编程免费体验课，{city}{place}校区，预约{phone}或{adurl}",
    "【{app}】您的会员即将到期，续费享{pct}折优惠，详情{adurl}，回T退订",
    "家电清洗：空调油烟机深度清洗{amt}起，预约{phone}",
    "{city}马拉松报名开始，报名入口{adurl}，截止{m}月{d}日",
    "老年大学春季招生，书法、舞蹈、摄影班，报名电话{phone}",
    "【{city}电影院】新片首映，会员购票立减{amt}，在线选座{adurl}",
    "茶叶新茶上市，{city}原产地直发，品质保证，订购{phone}",
    "汽车保养套餐{amt}，{city}{sur}师傅汽修店，预约{phone}",
    "【{bank}】{goods}分期购，12期免息，详情咨询网点或拨打{hotline}，回复TD退订",
    "【{city}旅行社】{m}月{d}日云南双飞六日游，报名请到门店或拨打{phone}，正规合同保障。",
    "【{city}人社】{m}月{d}日在人力资源市场举办招聘会，岗位{n}00余个，欢迎求职者参加。",
    "【{city}红十字会】感谢您的爱心捐赠，捐赠票据已开具，可在官网查询。",
    "【{bank}】您的信用卡已逾期{n}天，请尽快还款，如有疑问请致电{hotline}。",
    "【{city}航空】会员专享机票折扣，请通过官方App或官网购票，谨防假冒订票网站。",
    "【{city}公安】提醒：凡是声称能帮你追回被骗钱款、先收手续费的，都是二次诈骗。",
    "【{city}反诈】出租、出售银行卡和手机卡是违法行为，可能被追究刑事责任，请勿参与。",
    "【{city}福彩】第{n}期双色球开奖结果已公布，详情请查看官方网站，理性购彩。",
    "【保险】{sur}先生您好，您的保单已生效，保单号可在官方App查询，如需退保请到柜台办理。",
    "{school}通知：下周一期中考试，请同学们认真复习，考试期间严禁携带手机和电子设备。",
    "【{city}证券】投资者教育：股市有风险，入市需谨慎，警惕非法荐股和场外配资。",
    "孩子今天在学校体育课摔了一下，校医看过了没事，放学我去接他。",
    "你好，我是小区物业，{m}月{d}日{hh}停电检修，请提前做好准备。",
    "你好，我是{courier}快递员，您的快递放在{place}了，方便的时候取一下。",
    "您好，我是{school}的{sur}老师，明天下午召开家长会，请准时参加。",
    "你好，我是外卖骑手，您的餐已经放在门口了。",
    "你好，我是来修空调的{sur}师傅，大概{hh}到，家里有人吗？",
    # news-like and everyday information
    "【{city}航空】尊敬的旅客，您预订的{m}月{d}日航班因天气原因取消，请通过官方App或拨打{hotline}办理免费退改。",
    "【{bank}】您尾号{tail}的卡{m}月{d}日消费{amt}，如非本人操作请致电{hotline}。",
    "【{bank}】您尾号{tail}的信用卡{m}月{d}日交易{amt}，如有疑问请拨打客服热线{hotline}。",
    "【{city}税务】个人所得税年度汇算已开始，符合条件可申请退税，请通过个人所得税App办理，谨防冒充税务人员诈骗。",
    "{school}通知：国家助学金申请开始，请符合条件的同学到学生处提交材料。",
    "【{courier}】您的快递因地址不详暂存网点，请拨打{hotline}或在官方App修改地址。",
    "【{city}航空】您的航班{m}月{d}日{hh}起飞，请提前两小时到达机场办理登机手续。",
    "今天{city}晴转多云，气温{n}到{age}度，出门注意防晒。",
    "据报道，{city}警方近日破获一起电信网络诈骗案，抓获犯罪嫌疑人{n}名，为群众挽回损失{amt}。",
    "{city}地铁{n}号线今日起延长运营时间至23:00。",
    "本周股市震荡，专家提醒投资者理性投资，注意风险。",
    "【{city}图书馆】您借阅的图书将于{m}月{d}日到期，请及时归还或续借。",
    "【医院】您已成功预约{m}月{d}日{hh}内科门诊，请携带身份证和医保卡就诊。",
    "【{city}公交】乘车码升级，支持刷医保卡和社保卡乘车。",
    "【滴滴出行】您的行程已结束，本次费用{amt}，已自动扣款。",
    "【美团】您的外卖已送达，祝您用餐愉快，如有问题请联系骑手{phone}。",
    "【支付宝】您有一笔{amt}的退款已到账，请在账单中查看。",
    "【{shop}】您的退款申请已通过，{amt}将在1-3个工作日原路退回，无需任何额外操作。",
    "【{game}】亲爱的玩家，新赛季今日开启，登录即可领取免费皮肤，请通过官方渠道充值。",
    "【{bank}】您的基金定投扣款{amt}成功，投资有风险，理财需谨慎。",
    "【{city}公积金】您的住房公积金本月缴存{amt}，账户余额可在公积金App查询。",
    # ordinary adverts with links and phone numbers (spam is not fraud)
    "【{shop}】新人专享红包{amt}已到账，点击{adurl}立即使用，回T退订",
    "{city}新开楼盘，均价{n}000元/平，首付{n}万起，地铁旁名校旁，看房热线{phone}",
    "{city}学区房急售，三室两厅，业主诚心出售，有意者电话联系{phone}",
    "周末特惠：{goods}清仓促销，全场五折起，地址{city}{place}旁，详情{adurl}",
    "下载{game}App，新用户注册送{n}元话费，点击{adurl}下载，回TD退订",
    "{city}驾校暑期班优惠，报名立减{amt}，包接送，咨询{phone}",
    "少儿英语暑假班招生，试听免费，名额有限，报名电话{phone}",
    "专业装修，免费量房设计，签约送家电，热线{phone}，详见{adurl}",
    "【{city}车展】{m}月{d}日至{d}日会展中心举行，购车享厂家补贴，预约{adurl}",
    "XX汽车{m}月限时钜惠，贷款购车0首付，低利率，到店试驾有礼，{phone}",
    "{bank}消费贷，无抵押纯信用，年化利率{pct}%起，额度最高{n}万，详询网点，拒收请回复R",
    "经营贷款找{bank}，无抵押信用贷款，利息低审批快，客户经理{sur}先生{phone}",
    "急用钱？{app}正规持牌机构借款，按日计息，以实际审批为准，借款请理性消费",
    "房产抵押贷款、车辆抵押贷款，利息低，放款快，{city}本地公司，{sur}经理{phone}",
    "宽带新装特惠，{carrier}千兆宽带{amt}一年，送路由器，上门安装{phone}",
    "【视频会员】年卡限时{amt}，点击{adurl}开通，自动续费可随时取消，回T退订",
    "{city}海鲜酒楼周年庆，凭短信到店消费满200送100，订餐{phone}",
    "{goods}工厂直销，批发零售，量大从优，联系{phone}",
    "招聘：{city}某物流公司招司机、分拣员，五险一金，月薪{n}000以上，面试电话{phone}",
    "招聘服务员、厨师，包吃住，工资面议，地址{city}{place}附近，{phone}",
    "【{shop}】您收藏的{goods}直降{amt}，库存紧张，点击{adurl}抢购",
    "旅游特价：{city}双飞五日游{amt}/人，含酒店门票，报名{phone}",
    "【保险】{sur}先生您好，您的车险将于{m}月{d}日到期，续保可享优惠，联系{phone}",
    "健身游泳年卡特价，新店开业前{n}名半价，详询{phone}或访问{adurl}",
    "【{game}】周年庆活动开启，登录游戏领取限定皮肤，更多福利见{adurl}",
    "【外卖】您有{n}张满减券即将过期，点击{adurl}使用，回T退订",
    "{city}家政服务，保洁月嫂育儿嫂，持证上岗，预约{phone}",
    "本店新到{goods}，会员积分可抵现金，积分兑换详情见{adurl}，退订回T",
    "【{carrier}】5G套餐升级，每月多送{n}GB流量，登录{adurl}查看活动详情，回TD退订",
    "考研考公培训，名师授课，报名享早鸟价{amt}，咨询{phone}",
    "二手车收购、置换，高价回收，当场付款，{city}{sur}老板{phone}",
    "代理记账、公司注册、工商变更，专业财务团队，电话{phone}",
    "鲜花蛋糕同城配送，订购热线{phone}，网上下单{adurl}",
    "【理财】{bank}新发理财产品，业绩比较基准{pct}%，理财非存款，产品有风险，投资需谨慎",
    "股票开户佣金万一，{city}证券营业部{sur}经理为您服务，{phone}",
    "【{shop}】年货节全场包邮，满199减30，点击{adurl}进入会场，拒收请回复R",
    "亲，您在本店购买的{goods}如有质量问题，可在平台申请退货退款，运费由我们承担。",
    "您好，我是{courier}快递员，您的快递有点破损，需要帮您退回还是签收？您在平台上操作就行。",
]


def _style(rng: random.Random, text: str, label: str) -> str:
    """Vary the surface: opener, narrative frame, punctuation width. Labels are unaffected."""
    if label != "NORMAL" and rng.random() < 0.25 and not text.startswith("【"):
        text = rng.choice(_CHAT_OPEN) + text
    if rng.random() < 0.15:
        text = text.replace("，", ",").replace("。", ".")
    if rng.random() < 0.1:
        text = text.replace("。", "！")
    return text


def generate(
    seed: int = SEED, fraud_per_template: int = 14, normal_per_template: int = 11
) -> list[Example]:
    """Build the corpus deterministically; duplicates are removed, order is stable."""
    rng = random.Random(seed)
    out: list[Example] = []
    seen: set[str] = set()

    def add_many(templates: list[str], label: str, count: int, prefix: str) -> None:
        for i, template in enumerate(templates):
            group = f"{prefix}{i}"
            for _ in range(count):
                text = _fill(template, rng)
                narrative = template.startswith(("{sur}某", "受害人", "事主"))
                if label != "NORMAL" and narrative and rng.random() < 0.5:
                    # Case narratives: sometimes wrap with a police-report opener.
                    frame = _fill(rng.choice(_NARRATIVE_OPEN), rng)
                    text = frame + text.split("，", 1)[-1]
                text = _style(rng, text, label)
                if text not in seen:
                    seen.add(text)
                    out.append(Example(text, label, group))

    for code, templates in FRAUD_TEMPLATES.items():
        add_many(templates, code, fraud_per_template, f"{code}-")
    add_many(NORMAL_TEMPLATES, "NORMAL", normal_per_template, "NORMAL-")
    return out


def iter_texts(examples: list[Example]) -> Iterator[str]:
    """The texts of ``examples`` (helper for vectorisers)."""
    return (e.text for e in examples)
