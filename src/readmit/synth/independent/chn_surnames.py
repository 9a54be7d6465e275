"""China: surname frequencies and spellings (facts, with sources).

Surname shares. The top five (王 李 张 刘 陈) are set to 30.8% of people and the top 100 to
about 85.9%, the figures of the Ministry of Public Security's 2020 name report as quoted in the
identity brief (../shared/identity.md). The individual shares of ranks 6–100 follow the same
report's order with rounded shares from the author's recollection of the 2019/2020 reports
(e.g. 杨 ~3.1%, 黄 ~2.3%); they are illustrative to ±30%. Ranks past 100 get Zipf weights
that sum to the remaining ~14%.

Spellings. Hong Kong government Cantonese surname spellings are the conventional ones seen on
HKID cards (Chan, Cheung, Wong, Ng, Tse…). Hokkien and Teochew spellings are the common
Singapore/Malaysia/Philippines forms (Tan, Lim, Ong, Goh, Teo, Tay, Chua, Ang, Yap, Khoo…), as
tabulated e.g. in Wikipedia's "List of common Chinese surnames" (Hokkien/Teochew columns);
Fuzhou (Foochow) spellings are those used by the Foochow community of Sibu, Sarawak (Ding 陈,
Ling 林, Tiong 张, Ngu 吴, Hii 许, Ung 黄) — less certain, and only given where known. No package
carries these dialect spellings (identity brief), hence this curated table. Note that spellings
collide across characters (Wong: 王 黄 汪; Teo: 张 赵; Ong: 王 汪; Tam: 谭 覃): that is real.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Surname:
    """A Han surname with its readings and spellings."""

    han: str
    pinyin: tuple[str, ...]  # one syllable per character (欧阳 → ou, yang); ü written v
    share: float  # percent of people
    cantonese: tuple[str, ...]  # Hong Kong government spellings, most usual first
    hokkien: tuple[str, ...] = ()
    teochew: tuple[str, ...] = ()
    fuzhou: tuple[str, ...] = ()


# han pinyin share% cantonese hokkien teochew fuzhou  ('-' = none; '/' separates spellings)
_TOP = """
王 wang 7.10 Wong Ong Heng Wong
李 li 7.00 Lee Lee/Li Lee Lee
张 zhang 6.70 Cheung Teo/Tiu Teo Tiong
刘 liu 5.30 Lau Lau Lau Lau
陈 chen 4.70 Chan Tan Tan Ding
杨 yang 3.10 Yeung Yeo/Yeoh Yeo Yong
黄 huang 2.30 Wong Ng/Ooi/Wee/Uy Ng/Wee Ung/Wong
赵 zhao 2.20 Chiu Teo/Tio - -
吴 wu 2.00 Ng Goh/Ngo Ng/Goh Ngu
周 zhou 1.90 Chow Chew/Chiu Chew -
徐 xu 1.60 Tsui Chee/Chi Chi -
孙 sun 1.50 Suen Sng/Soon Sng -
马 ma 1.30 Ma Beh/Mah Beh -
朱 zhu 1.30 Chu Choo/Chu Chu -
胡 hu 1.30 Wu Oh/Hoo - -
郭 guo 1.20 Kwok Kuek/Kwek/Koay/Quek Kwek/Kueh -
何 he 1.20 Ho Ho/Hoe Ho -
林 lin 1.20 Lam Lim Lim Ling
高 gao 1.20 Ko Koh/Kor Kow -
罗 luo 1.10 Law/Lo Lo/Lor Lor -
郑 zheng 1.00 Cheng Tay/Teh/Tee Tay/Tee Tang
梁 liang 0.90 Leung Neo/Nio/Leong Neo -
谢 xie 0.80 Tse Chia/Seah Seah/Chia Sia
宋 song 0.80 Sung Song - -
唐 tang 0.80 Tong Tng - -
许 xu 0.70 Hui Khor/Koh Khor Hii
韩 han 0.70 Hon Han - -
邓 deng 0.70 Tang Teng - -
冯 feng 0.70 Fung Pang - -
曹 cao 0.60 Tso Chor/Cho - -
彭 peng 0.60 Pang Phee/Phang Phe -
曾 zeng 0.60 Tsang Chan/Tsan - -
肖 xiao 0.60 Siu Siow/Seow Seow -
田 tian 0.50 Tin - - -
董 dong 0.50 Tung - - -
潘 pan 0.50 Poon Phua Phua -
袁 yuan 0.50 Yuen - - -
蔡 cai 0.50 Choi Chua/Chuah Chua Chai
蒋 jiang 0.50 Tseung - - -
余 yu 0.50 Yu/Yue Ee/Ue Ee -
于 yu 0.50 Yu - - -
杜 du 0.50 To Toh - -
叶 ye 0.50 Yip Yap/Yeap Yap -
程 cheng 0.50 Ching - - -
魏 wei 0.40 Ngai Gui/Ngui - -
苏 su 0.40 So Soh/So Soh -
吕 lv 0.40 Lui - - -
丁 ding 0.40 Ting Teng Teng -
任 ren 0.40 Yam - - -
卢 lu 0.40 Lo Loh/Lo Loh -
姚 yao 0.40 Yiu Yeow/Iau - -
沈 shen 0.40 Shum/Sum Sim Sim -
钟 zhong 0.40 Chung Cheng/Chiong Cheng -
姜 jiang 0.40 Keung - - -
崔 cui 0.40 Tsui - - -
谭 tan 0.30 Tam Tham - -
陆 lu 0.30 Luk - - -
范 fan 0.30 Fan Huan - -
汪 wang 0.30 Wong Ong - -
廖 liao 0.30 Liu Liao/Leow Leow -
石 shi 0.30 Shek Chioh - -
金 jin 0.30 Kam Kim - -
韦 wei 0.30 Wai - - -
贾 jia 0.30 Ka - - -
夏 xia 0.30 Ha - - -
付 fu 0.30 Fu Poh - -
方 fang 0.30 Fong Png/Hng Png -
邹 zou 0.30 Chau - - -
熊 xiong 0.30 Hung - - -
白 bai 0.30 Pak Peh - -
孟 meng 0.30 Mang - - -
秦 qin 0.30 Chun - - -
邱 qiu 0.30 Yau Khoo/Khu Khoo -
侯 hou 0.30 Hau Hau - -
江 jiang 0.30 Kong Kang - Kong
尹 yin 0.30 Wan - - -
薛 xue 0.20 Sit Sih - -
闫 yan 0.20 Yim - - -
段 duan 0.20 Tuen - - -
雷 lei 0.20 Lui - - -
龙 long 0.20 Lung - - -
黎 li 0.20 Lai - - -
史 shi 0.20 Sze - - -
陶 tao 0.20 To - - -
贺 he 0.20 Ho - - -
毛 mao 0.20 Mo - - -
郝 hao 0.20 Kok - - -
顾 gu 0.20 Koo - - -
龚 gong 0.20 Kung Keng - -
邵 shao 0.20 Shiu Sio - -
万 wan 0.20 Man - - -
覃 qin 0.20 Tam - - -
武 wu 0.20 Mo - - -
钱 qian 0.20 Chin - - -
戴 dai 0.20 Tai - - -
严 yan 0.20 Yim Giam - -
莫 mo 0.20 Mok - - -
孔 kong 0.20 Hung - - -
向 xiang 0.20 Heung - - -
常 chang 0.20 Sheung - - -
"""

# Ranks past 100, in rough order of frequency, with pinyin; heteronyms carry their surname
# reading (单 shan, 解 xie, 仇 qiu, 区 ou, 查 zha, 朴 piao, 乐 yue, 盖 ge, 缪 miao, 翟 zhai —
# the brief lists pypinyin's wrong defaults for several). Cantonese/dialect forms where known.
_TAIL = """
汤 tang Tong - - -
易 yi Yik - - -
乔 qiao Kiu - - -
赖 lai Lai Lua/Loa - -
文 wen Man Boon - -
施 shi Sze Sy/Si - -
洪 hong Hung Ang Ang -
牛 niu Ngau - - -
庞 pang Pong - - -
樊 fan Fan - - -
兰 lan Lan - - -
殷 yin Yan - - -
葛 ge Kot - - -
温 wen Wan Oon - -
季 ji Kwai - - -
倪 ni Ngai - - -
柳 liu Lau - - -
鲁 lu Lo - - -
齐 qi Chai - - -
童 tong Tung - - -
颜 yan Ngan Gan - -
梅 mei Mui - - -
盛 sheng Shing - - -
骆 luo Lok - - -
凌 ling Ling - - -
霍 huo Fok - - -
虞 yu Yu - - -
柯 ke Or Kua - -
管 guan Kwun - - -
房 fang Fong - - -
缪 miao Mau - - -
解 xie Kai - - -
应 ying Ying - - -
宗 zong Chung - - -
郁 yu Wat - - -
单 shan Shin - - -
包 bao Pau - - -
左 zuo Tso - - -
吉 ji Kat - - -
邢 xing Ying - - -
裴 pei Pui - - -
荣 rong Wing - - -
翁 weng Yung Ang/Ong - -
甄 zhen Yan - - -
曲 qu Kuk - - -
封 feng Fung - - -
储 chu Chu - - -
靳 jin Kan - - -
焦 jiao Chiu - - -
巫 wu Mo - - -
谷 gu Kuk - - -
车 che Che - - -
全 quan Chuen - - -
宁 ning Ning - - -
仇 qiu Kau - - -
栾 luan Luen - - -
甘 gan Kam - - -
厉 li Lai - - -
祖 zu Cho - - -
符 fu Fu - - -
景 jing King - - -
詹 zhan Chim Chiam - -
幸 xing Hang - - -
司 si Sze - - -
薄 bo Pok - - -
蒲 pu Po - - -
卓 zhuo Cheuk Toh - -
蔺 lin Lun - - -
屠 tu To - - -
蒙 meng Mung - - -
池 chi Chi - - -
党 dang Tong - - -
翟 zhai Chak - - -
劳 lao Lo - - -
申 shen San - - -
冉 ran Yim - - -
桑 sang Song - - -
桂 gui Kwai - - -
尚 shang Sheung - - -
农 nong Nung - - -
庄 zhuang Chong Chng Chng -
晏 yan Ngan - - -
柴 chai Chai - - -
瞿 qu Kui - - -
阎 yan Yim - - -
连 lian Lin - - -
艾 ai Ngai - - -
容 rong Yung - - -
古 gu Ku - - -
戈 ge Kwo - - -
耿 geng Kang - - -
满 man Mun - - -
匡 kuang Hong - - -
寇 kou Kau - - -
关 guan Kwan - - -
欧 ou Au - - -
聂 nie Nip - - -
冷 leng Lang - - -
辛 xin San - - -
简 jian Kan - - -
饶 rao Yiu - - -
沙 sha Sha - - -
鞠 ju Kuk - - -
巢 chao Chau - - -
查 zha Cha - - -
荆 jing King - - -
游 you Yau Iu/Yew - -
权 quan Kuen - - -
盖 ge Koi - - -
区 ou Au - - -
朴 piao Pok - - -
乐 yue Lok - - -
伍 wu Ng - - -
岳 yue Ngok - - -
邬 wu Wu - - -
卞 bian Pin - - -
宫 gong Kung - - -
米 mi Mai - - -
路 lu Lo - - -
涂 tu To - - -
尤 you Yau - - -
商 shang Sheung - - -
柏 bai Pak - - -
阮 ruan Yuen - - -
纪 ji Kei - - -
谈 tan Tam - - -
明 ming Ming - - -
戚 qi Chik - - -
褚 chu Chu - - -
邝 kuang Kwong - - -
苗 miao Miu - - -
俞 yu Yu - - -
卜 bu Pok - - -
安 an On - - -
喻 yu Yu - - -
麦 mai Mak - - -
伏 fu Fuk - - -
成 cheng Shing - - -
祁 qi Kei - - -
华 hua Wah - - -
滕 teng Tang - - -
鲍 bao Pau - - -
郎 lang Long - - -
闵 min Man - - -
佘 she Sher - - -
穆 mu Muk - - -
隋 sui Chui - - -
云 yun Wan - - -
"""

# Rarer surnames (from the Hundred Family Surnames order and modern rankings), as
# "han pinyin" pairs, Zipf-ranked after the tail; Cantonese from cantonese-romanisation.
_RARE = """
卫 wei 窦 dou 章 zhang 水 shui 奚 xi 昌 chang 花 hua 凤 feng
酆 feng 费 fei 廉 lian 岑 cen 毕 bi 时 shi 皮 pi 元 yuan
平 ping 和 he 湛 zhan 禹 yu 狄 di 贝 bei 臧 zang 计 ji
茅 mao 舒 shu 屈 qu 项 xiang 祝 zhu 蓝 lan 席 xi 麻 ma
强 qiang 娄 lou 危 wei 刁 diao 支 zhi 昝 zan 经 jing 裘 qiu
干 gan 宣 xuan 贲 ben 杭 hang 诸 zhu 钮 niu 嵇 ji 滑 hua
荀 xun 羊 yang 惠 hui 家 jia 芮 rui 羿 yi 汲 ji 邴 bing
糜 mi 松 song 井 jing 富 fu 乌 wu 巴 ba 弓 gong 牧 mu
山 shan 宓 mi 蓬 peng 郗 xi 班 ban 仰 yang 秋 qiu 仲 zhong
伊 yi 暴 bao 戎 rong 束 shu 韶 shao 郜 gao 蓟 ji 印 yin
宿 su 怀 huai 邰 tai 从 cong 鄂 e 索 suo 咸 xian 籍 ji
阴 yin 胥 xu 苍 cang 双 shuang 闻 wen 贡 gong 逄 pang 姬 ji
扶 fu 堵 du 宰 zai 郦 li 雍 yong 璩 qu 濮 pu 寿 shou
通 tong 边 bian 扈 hu 燕 yan 冀 ji 浦 pu 别 bie 充 chong
慕 mu 茹 ru 习 xi 宦 huan 鱼 yu 慎 shen 庾 yu 暨 ji
居 ju 衡 heng 步 bu 弘 hong 国 guo 广 guang 禄 lu 阙 que
东 dong 沃 wo 利 li 越 yue 隆 long 师 shi 巩 gong 晁 chao
敖 ao 融 rong 訾 zi 阚 kan 那 na 毋 wu 乜 nie 丰 feng
蒯 kuai 相 xiang 竺 zhu 逯 lu 益 yi 桓 huan 公 gong 谌 chen
揭 jie 练 lian 粟 su 旷 kuang 税 shui 银 yin 母 mu 蹇 jian
敬 jing 苟 gou 冼 xian 汝 ru 植 zhi 原 yuan 回 hui 鄢 yan
隗 wei
"""

# Compound surnames (shares in percent; 欧阳 ≈ 1.1 million people ≈ 0.08%).
_COMPOUND = """
欧阳 ou/yang 0.080 Au-Yeung - - -
司马 si/ma 0.020 Sze-Ma - - -
司徒 si/tu 0.020 Sze-To - - -
诸葛 zhu/ge 0.010 Chu-Kot - - -
上官 shang/guan 0.010 Sheung-Kwun - - -
夏侯 xia/hou 0.005 Ha-Hau - - -
皇甫 huang/fu 0.005 Wong-Po - - -
东方 dong/fang 0.005 Tung-Fong - - -
慕容 mu/rong 0.005 Mo-Yung - - -
尉迟 yu/chi 0.003 Wat-Chi - - -
"""

TOP100_SHARE = 85.9  # identity brief: the top 100 surnames cover 85.9% of people (2020)


def _split(field: str) -> tuple[str, ...]:
    """'-' means none; '/' separates alternatives."""
    return () if field == "-" else tuple(field.split("/"))


def _surnames() -> list[Surname]:
    """Parse the tables; tail shares are Zipf weights summing to what the top 100 leave."""
    out: list[Surname] = []
    for line in _TOP.strip().splitlines():
        han, py, share, canto, hok, teo, fz = line.split()
        out.append(
            Surname(han, (py,), float(share), _split(canto), _split(hok), _split(teo), _split(fz))
        )
    compounds: list[Surname] = []
    for line in _COMPOUND.strip().splitlines():
        han, py, share, canto, hok, teo, fz = line.split()
        syl = tuple(py.split("/"))
        compounds.append(
            Surname(han, syl, float(share), _split(canto), _split(hok), _split(teo), _split(fz))
        )
    top = sum(s.share for s in out)
    tail_lines = _TAIL.strip().splitlines()
    rare = _RARE.split()
    tail_lines += [f"{han} {py} - - - -" for han, py in zip(rare[::2], rare[1::2], strict=True)]
    # What the top 100 and the compounds leave (~14%) is spread over the tail as 1/rank.
    remaining = 100.0 - top - sum(s.share for s in compounds)
    raw = [1.0 / (101 + r) for r in range(len(tail_lines))]
    scale = remaining / sum(raw)
    for line, w in zip(tail_lines, raw, strict=True):
        han, py, canto, hok, teo, fz = line.split()
        out.append(
            Surname(han, (py,), w * scale, _split(canto), _split(hok), _split(teo), _split(fz))
        )
    return out + compounds


SURNAMES: list[Surname] = _surnames()
SURNAME_BY_HAN: dict[str, Surname] = {s.han: s for s in SURNAMES}

# Regional multipliers on surname shares, for people born in a province. Fujian: 陈 and 林
# are each far commoner there than nationally (陈 about 10%, 林 about 7% of Fujianese), as are
# 黄 郑 吴; Guangdong: 陈 黄 梁 何 钟 etc. (author's summary of provincial surname rankings;
# illustrative). Applied to the national shares, then renormalised.
REGIONAL: dict[str, dict[str, float]] = {
    "35": {"陈": 2.2, "林": 5.5, "黄": 2.2, "郑": 3.0, "吴": 1.5, "王": 0.8, "刘": 0.6,
           "李": 0.8, "张": 0.8, "蔡": 2.0, "许": 2.0, "洪": 3.0, "庄": 3.0, "游": 3.0,
           "杨": 1.0, "曾": 1.5, "卓": 3.0, "江": 1.5},
    "44": {"陈": 2.0, "黄": 2.3, "梁": 3.0, "何": 2.0, "钟": 3.0, "罗": 1.5, "郑": 1.8,
           "谢": 1.8, "曾": 2.0, "邓": 2.0, "冯": 2.0, "卢": 2.0, "蔡": 2.0, "叶": 2.0,
           "许": 1.8, "林": 2.0, "王": 0.6, "张": 0.8, "刘": 0.8, "赵": 0.4, "邝": 4.0,
           "伍": 4.0, "关": 3.0, "麦": 4.0, "区": 4.0, "司徒": 5.0},
    "33": {"王": 1.3, "陈": 1.3, "徐": 1.5, "吴": 1.3, "周": 1.3, "朱": 1.2, "叶": 1.5,
           "金": 1.5, "潘": 1.5},
}  # fmt: skip
