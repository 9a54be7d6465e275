"""Chinese place-name facts that no installed package ships, typed in by hand.

The division codes and Chinese names themselves come at run time from
python-stdnum's ``stdnum/cn/loc.dat`` (GB/T 2260 with code history); the Latin
names from pypinyin. This module holds only what those cannot give:

* the names of China's 55 recognised minority nationalities as they appear in the
  names of autonomous divisions (广西壮族自治区, 伊犁哈萨克自治州), so the ethnic part
  can be stripped like an administrative suffix;
* Latin names that are not Hanyu pinyin: Chinese Postal Map romanisations and
  other conventional forms still found on older documents and in emigrant
  communities (Canton, Amoy, Foochow), and Fuzhou-area/Hokkien names of
  emigration hubs (Hokchia = 福清 Fuqing, Hokchiu = 福州 Fuzhou). Each maps to the
  GB/T 2260 code of the division it names.
"""

from __future__ import annotations

_ETHNIC_NAMES = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 "
    "高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 "
    "阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 "
    "鄂伦春 赫哲 门巴 珞巴 基诺"
)
# Longest first, so that 土家 is tried before 土.
ETHNIC_GROUPS: tuple[str, ...] = tuple(sorted(_ETHNIC_NAMES.split(), key=len, reverse=True))

# Conventional (mostly Postal Map) names -> GB/T 2260 code.
EXONYMS: dict[str, str] = {
    # province level
    "Peking": "110000",
    "Peiping": "110000",
    "Tientsin": "120000",
    "Hopeh": "130000",
    "Hopei": "130000",
    "Shansi": "140000",
    "Inner Mongolia": "150000",
    "Kiangsu": "320000",
    "Chekiang": "330000",
    "Anhwei": "340000",
    "Fukien": "350000",
    "Kiangsi": "360000",
    "Shantung": "370000",
    "Honan": "410000",
    "Hupeh": "420000",
    "Kwangtung": "440000",
    "Kwangsi": "450000",
    "Chungking": "500000",
    "Szechwan": "510000",
    "Szechuan": "510000",
    "Kweichow": "520000",
    "Tibet": "540000",
    "Shensi": "610000",
    "Kansu": "620000",
    "Sinkiang": "650000",
    "Hong Kong": "810000",
    "Macau": "820000",
    "Macao": "820000",
    # prefecture level
    "Mukden": "210100",
    "Nanking": "320100",
    "Soochow": "320500",
    "Hangchow": "330100",
    "Ningpo": "330200",
    "Wenchow": "330300",
    "Foochow": "350100",
    "Hokchiu": "350100",
    "Amoy": "350200",
    "Tsingtao": "370200",
    "Chefoo": "370600",
    "Canton": "440100",
    "Swatow": "440500",
    # county level
    "Hokchia": "350181",
    "Toishan": "440781",
    "Shennongjia": "429021",  # 神农架林区, a "forestry district"
}

# Names by which the country itself is written (never a division of the gazetteer).
COUNTRY_NAMES: tuple[str, ...] = ("China", "PRC", "People's Republic of China", "中国")

# Readings of characters in place names where pypinyin 0.55 prefers another reading
# (长治 Changzhi not Zhangzhi, 成都/宁都 -du not -dou, 什邡 Shifang, 锡林郭勒 Xilinguole,
# 马尾 Mawei, 佛冈 Fogang, 泊头 Botou, 曾都 Zengdu, 民乐 Minle, 蚌山 Bengshan, 万柏林
# Wanbailin, 浪卡子 Langkazi, 朝阳 Chaoyang). pypinyin's reading stays a search key.
PLACE_CHAR_READINGS: dict[str, str] = {
    "长": "chang", "都": "du", "什": "shi", "勒": "le", "尾": "wei", "佛": "fo",
    "泊": "bo", "曾": "zeng", "乐": "le", "蚌": "beng", "柏": "bai", "卡": "ka",
    "朝": "chao",
}  # fmt: skip

# Whole names read otherwise, keyed by the name without its administrative suffix;
# these win over the character readings above. Syllables space-separated.
PLACE_READINGS: dict[str, str] = {
    "长子": "zhang zi",  # 山西 Zhangzi
    "乐清": "yue qing",  # 浙江 Yueqing
    "乐亭": "lao ting",  # 河北 Laoting
    "涡阳": "guo yang",  # 安徽 Guoyang
    "单县": "shan xian",  # 山东 Shanxian
    "洪洞": "hong tong",  # 山西 Hongtong
    "浚县": "xun xian",  # 河南 Xunxian
    "六合": "lu he",  # 南京 Luhe
    "中牟": "zhong mu",  # 河南 Zhongmu
}
