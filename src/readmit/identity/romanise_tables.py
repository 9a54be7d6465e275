"""Curated romanisation data: surname readings, dialect surname spellings, syllable tables.

Plain data and pure functions only (no pypinyin import), so ``latin.py`` can use it cheaply.
All Latin strings are lower-case ASCII; ü is written ``v`` in pinyin (pypinyin's convention).

Sources (every entry below names one; "(unconfirmed)" marks a spelling we believe is in
use but could not check against the source, kept only where leaving it out costs recall):

* [XD]  现代汉语词典 (Contemporary Chinese Dictionary), 7th ed., 2016: the reading of the
        character in its surname sense (姓).
* [BJX] 百家姓 (Hundred Family Surnames), compound-surname (复姓) section; readings per [XD].
* [WKT] Wiktionary, "Appendix:Chinese surnames" (top-100 table with HK Gov't, Min Nan
        Pe̍h-ōe-jī / "Other" spellings, and notes on Hakka and Hockchew spellings).
* [WP]  English Wikipedia article on the surname ("Zheng (surname)", "Xu (surname)",
        "Qiū (surname)", "Cai (surname)", "Guo (surname)"...): romanisation / variant forms.
* [HK]  Hong Kong Government Cantonese Romanisation, the spelling used on HKID cards for the
        surname (cf. the "HK Gov't" column of [WKT]).
* [LOC] Library of Congress, "Pinyin Conversion Project: New Chinese Romanization
        Guidelines" (Wade-Giles <-> pinyin correspondence), for the Wade-Giles rules.
* [MPS] PRC passport practice (Ministry of Public Security exit-entry administration): ü is
        written YU in passport names (LYU, NYU); older documents write LU or LV.
"""

from __future__ import annotations

from typing import Final

# --- surname readings that differ from the everyday reading ---------------------------
# First reading = the surname reading; later ones are other readings also used as surnames.
SURNAME_READINGS: Final[dict[str, tuple[str, ...]]] = {
    "曾": ("zeng",),  # [XD] zēng
    "单": ("shan",),  # [XD] shàn
    "單": ("shan",),  # [XD] shàn (traditional form)
    "解": ("xie",),  # [XD] xiè
    "仇": ("qiu",),  # [XD] qiú
    "区": ("ou",),  # [XD] ōu
    "區": ("ou",),  # [XD] ōu (traditional form)
    "查": ("zha",),  # [XD] zhā
    "朴": ("piao",),  # [XD] piáo (Korean-Chinese surname)
    "乐": ("yue", "le"),  # [XD] yuè; lè is a separate surname
    "樂": ("yue", "le"),  # [XD] as 乐 (traditional form)
    "盖": ("ge", "gai"),  # [XD] gě; gài is in everyday use as the surname too
    "蓋": ("ge", "gai"),  # [XD] as 盖 (traditional form)
    "覃": ("qin", "tan"),  # [XD] qín; tán also a surname (Zhuang areas)
    "种": ("chong",),  # [XD] chóng
    "種": ("chong",),  # [XD] chóng (traditional form)
    "员": ("yun",),  # [XD] yùn
    "句": ("gou",),  # [XD] gōu
    "缪": ("miao",),  # [XD] miào
    "繆": ("miao",),  # [XD] miào (traditional form)
    "翟": ("zhai", "di"),  # [XD] zhái; dí also a surname
    "重": ("chong",),  # [XD] chóng
    "秘": ("bi",),  # [XD] bì
    "召": ("shao",),  # [XD] shào
    "宓": ("mi", "fu"),  # [XD] mì; fú (unconfirmed as a current surname reading)
    "隗": ("wei", "kui"),  # [XD] wěi; kuí
    "冼": ("xian",),  # [XD] xiǎn
    "洗": ("xian",),  # [XD] xiǎn (surname sense)
    "卜": ("bu",),  # [XD] bǔ
    "薄": ("bo",),  # [XD] bó
    "柏": ("bai", "bo"),  # [XD] bǎi; bó
    "贲": ("ben",),  # [XD] bēn
    "莘": ("shen", "xin"),  # [XD] shēn; xīn
    "朝": ("chao",),  # [XD] cháo
    "粘": ("nian",),  # [XD] nián
    "谌": ("chen", "shen"),  # [XD] chén; shèn
    "褚": ("chu",),  # [XD] chǔ
    "祭": ("zhai",),  # [XD] zhài
    "折": ("she",),  # [XD] shé
    "炅": ("gui", "jiong"),  # [XD] guì; jiǒng
    "逄": ("pang",),  # [XD] páng
    "阚": ("kan",),  # [XD] kàn
    "长": ("chang",),  # [XD] cháng
    "長": ("chang",),  # [XD] cháng (traditional form)
    "能": ("nai",),  # [XD] nài
    "繁": ("po",),  # [XD] pó
    "那": ("na",),  # [XD] nā
    "藏": ("zang",),  # [XD] zàng
    "牟": ("mou", "mu"),  # [XD] móu; mù (unconfirmed)
    "尉": ("wei", "yu"),  # [XD] wèi; yù in 尉迟
    "哈": ("ha",),  # [XD] hǎ
    "眭": ("sui",),  # [XD] suī
    "厍": ("she",),  # [XD] shè
    "任": ("ren",),  # [XD] rén
    "纪": ("ji",),  # [XD] jǐ
    "华": ("hua",),  # [XD] huà
    "过": ("guo",),  # [XD] guō
    "郇": ("xun", "huan"),  # [XD] xún; huán
}

# --- given-name characters with more than one reading in names -----------------------
# Only characters whose other reading is in real use in given names; pypinyin's full
# heteronym lists hold rare readings (红 gong, 明 meng) that would only add false keys.
# Readings per [XD]; the selection of name-relevant characters is editorial.
GIVEN_NAME_READINGS: Final[dict[str, tuple[str, ...]]] = {
    "长": ("chang", "zhang"), "乐": ("le", "yue"), "朝": ("zhao", "chao"),
    "重": ("zhong", "chong"), "行": ("xing", "hang"), "觉": ("jue", "jiao"),
    "茜": ("qian", "xi"), "单": ("dan", "shan"), "解": ("jie", "xie"), "会": ("hui", "kuai"),
    "传": ("chuan", "zhuan"), "调": ("tiao", "diao"), "强": ("qiang", "jiang"),
    "曾": ("zeng", "ceng"), "晟": ("sheng", "cheng"), "柏": ("bai", "bo"), "蔚": ("wei", "yu"),
    "降": ("jiang", "xiang"), "乾": ("qian", "gan"), "叶": ("ye", "xie"),
    "省": ("sheng", "xing"), "盛": ("sheng", "cheng"), "奇": ("qi", "ji"), "都": ("du", "dou"),
    "员": ("yuan", "yun"), "参": ("can", "shen"), "莎": ("sha", "suo"), "藏": ("zang", "cang"),
    "宿": ("su", "xiu"), "率": ("shuai", "lv"), "佛": ("fo", "fu"), "系": ("xi", "ji"),
    "识": ("shi", "zhi"), "期": ("qi", "ji"), "尉": ("wei", "yu"), "覃": ("tan", "qin"),
}  # fmt: skip

# --- compound surnames (复姓) ---------------------------------------------------------
# "simplified/traditional pinyin syllables"; all from [BJX], readings per [XD].
_COMPOUND_TEXT = """
欧阳/歐陽 ou yang; 司马/司馬 si ma; 诸葛/諸葛 zhu ge; 上官 shang guan; 夏侯 xia hou;
皇甫 huang fu; 东方/東方 dong fang; 尉迟/尉遲 yu chi; 公孙/公孫 gong sun; 令狐 ling hu;
慕容 mu rong; 长孙/長孫 zhang sun; 宇文 yu wen; 司徒 si tu; 端木 duan mu; 西门/西門 xi men;
南宫/南宮 nan gong; 独孤/獨孤 du gu; 轩辕/軒轅 xuan yuan; 澹台/澹臺 tan tai; 公冶 gong ye;
太史 tai shi; 申屠 shen tu; 濮阳/濮陽 pu yang; 钟离/鍾離 zhong li; 万俟/萬俟 mo qi;
单于/單于 chan yu; 呼延 hu yan; 闻人/聞人 wen ren; 赫连/赫連 he lian; 百里 bai li;
东郭/東郭 dong guo; 司空 si kong; 左丘 zuo qiu; 第五 di wu; 拓跋 tuo ba
"""


def _parse_compounds(text: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for item in text.replace("\n", " ").split(";"):
        forms, *syllables = item.split()
        for form in forms.split("/"):
            out[form] = tuple(syllables)
    return out


COMPOUND_SURNAMES: Final[dict[str, tuple[str, ...]]] = _parse_compounds(_COMPOUND_TEXT)

# --- Hong Kong government Cantonese surname spellings (keyed by simplified form) -------
CANTONESE_SURNAMES: Final[dict[str, tuple[str, ...]]] = {
    # [HK] [WKT]: top-100 table, HK Gov't column
    "王": ("wong",),
    "陈": ("chan",),
    "李": ("lee", "li"),
    "张": ("cheung",),
    "刘": ("lau",),
    "杨": ("yeung",),
    "黄": ("wong",),
    "赵": ("chiu",),
    "周": ("chow", "chau"),
    "吴": ("ng",),
    "林": ("lam",),
    "叶": ("yip", "ip"),
    "吕": ("lui",),
    "郭": ("kwok",),
    # [HK] [WP]: "Cantonese" romanisation in the surname's article
    "许": ("hui",),
    "徐": ("tsui", "chui"),
    "蔡": ("choi", "choy", "tsoi"),
    "郑": ("cheng",),
    "邱": ("yau",),
    "丘": ("yau",),
    # [HK] spellings as on HKID cards (cf. [WKT] HK Gov't column)
    "谢": ("tse",),
    "梁": ("leung",),
    "何": ("ho",),
    "曾": ("tsang",),
    "区": ("au",),
    "冯": ("fung",),
    "邓": ("tang",),
    "罗": ("law", "lo"),
    "卢": ("lo",),
    "萧": ("siu",),
    "关": ("kwan",),
    "麦": ("mak",),
    "袁": ("yuen",),
    "文": ("man",),
    "朱": ("chu",),
    "马": ("ma",),
    "胡": ("wu", "woo"),
    "余": ("yu", "yue"),
    "莫": ("mok",),
    "霍": ("fok",),
    "谭": ("tam",),
    "岑": ("sham",),
    "廖": ("liu",),
    "石": ("shek",),
    "温": ("wan",),
    "陆": ("luk",),
    "苏": ("so",),
    "杜": ("to",),
    "江": ("kong",),
    "丁": ("ting",),
    "姚": ("yiu",),
    "孔": ("hung",),
    "方": ("fong",),
    "高": ("ko",),
    "钟": ("chung",),
    "彭": ("pang",),
    "潘": ("poon", "pun"),
    "简": ("kan",),
    "龙": ("lung",),
    "严": ("yim",),
    "卓": ("cheuk",),
    "侯": ("hau",),
    "汤": ("tong",),
    "唐": ("tong",),
    "黎": ("lai",),
    "赖": ("lai",),
    "傅": ("fu", "foo"),
    "董": ("tung",),
    "施": ("sze",),
    "邹": ("chow", "chau"),
    "魏": ("ngai",),
    "孙": ("suen",),
    "尹": ("wan",),
    "戴": ("tai",),
    "范": ("fan",),
    "沈": ("shum", "sham"),
    "程": ("ching",),
    "韦": ("wai",),
    "欧": ("au",),
    "翁": ("yung",),
    "甘": ("kam",),
    "金": ("kam",),
    "姜": ("keung",),
    "招": ("chiu",),
    "鲍": ("pau",),
    "伍": ("ng",),
    "田": ("tin",),
    "游": ("yau",),
    "车": ("che",),
    "凌": ("ling",),
    "柯": ("or",),
    "崔": ("tsui",),
    "邝": ("kwong",),
    "洪": ("hung",),
    "秦": ("chun",),
    "康": ("hong",),
    "曹": ("tso", "cho"),
    "宋": ("sung",),
    "熊": ("hung",),
    "雷": ("lui",),
    "颜": ("ngan",),
    "阮": ("yuen",),
    "容": ("yung",),
    # [HK] compound surnames as written on HKID cards
    "欧阳": ("auyeung",),
    "司徒": ("szeto",),
}

# --- Southern Min (Hokkien; Teochew where the source says Teochew specifically) --------
HOKKIEN_SURNAMES: Final[dict[str, tuple[str, ...]]] = {
    "陈": ("tan",),  # [WKT] Min Nan: Tân -> Tan
    "林": ("lim",),  # [WKT] Lîm -> Lim
    "黄": ("ng", "wee", "ooi", "oei", "uy"),  # [WKT] N̂g; Wee, Oei, Ooi, Uy
    "吴": ("goh",),  # [WKT] Gô͘ -> Goh
    "王": ("ong",),  # [WKT] Ông -> Ong
    "张": ("teo", "teoh", "tio"),  # [WKT] Tiuⁿ; Teo, Teoh, Tio
    "刘": ("lau", "low"),  # [WKT] Lâu; Lau, Low
    "杨": ("yeo", "yeoh"),  # [WKT] Iûⁿ -> Yeo; Yeoh (Penang) (unconfirmed)
    "赵": ("teoh",),  # [WKT] Tiō -> Teoh
    "周": ("chew", "chiew"),  # [WKT] Chew, Chiew
    "叶": ("yap",),  # [WKT] Ia̍p -> Yap
    "郭": ("quek", "kwek", "kue", "koay"),  # [WP] "Guo": Kue, Koay, Kwek, Quek
    "许": ("khor", "khaw", "ko"),  # [WP] "Xu (surname)" 許: Hokkien Khor, Khaw, Ko
    "徐": ("chee", "chi", "su"),  # [WP] "Xu (surname)" 徐: Hokkien Su, Chi, Chee
    "邱": ("khoo", "khu", "kho", "khoe"),  # [WP] "Qiū (surname)": Kho, Khoe, Khoo, Khu
    "丘": ("khoo", "khu"),  # [WP] "Qiū (surname)" (same article)
    "郑": ("tay", "teh", "tee"),  # [WP] "Zheng (surname)": Tay, Teh, Tee
    "蔡": ("chua", "chuah"),  # [WP] "Cai (surname)": Chua, Chuah (Hokkien, Teochew)
    "钟": ("cheng",),  # [WP] "Cheng (surname)": Teochew/Hokkien reading of 鍾
    "庄": ("chng", "cheng"),  # [WP] "Cheng (surname)" 莊; Chng (unconfirmed)
    "李": ("lee",),  # [WKT] Lí; Lee used by Hokkien speakers (unconfirmed)
    "洪": ("ang",),  # [WP] "Hong (surname)": Âng -> Ang (unconfirmed)
    "沈": ("sim",),  # [WP] "Shen (surname)": Sím -> Sim (unconfirmed)
    "谢": ("chia",),  # [WP] "Xie (surname)": Chiā -> Chia (unconfirmed)
    "潘": ("phua", "pua"),  # [WP] "Pan (surname)": Phoaⁿ -> Phua, Pua (unconfirmed)
    "颜": ("gan",),  # [WP] "Yan (surname)" 顏: Gân -> Gan (unconfirmed)
    "柯": ("kwa", "kua"),  # [WP] "Ke (surname)": Koa -> Kwa, Kua (unconfirmed)
    "高": ("koh",),  # [WP] "Gao (surname)": Ko -> Koh (unconfirmed)
    "方": ("png",),  # [WP] "Fang (surname)": Png (unconfirmed)
    "孙": ("sng",),  # [WP] "Sun (surname)": Sng (unconfirmed)
    "马": ("beh",),  # [WP] "Ma (surname)": Bé -> Beh (unconfirmed)
    "白": ("peh",),  # [WP] "Bai (surname)": Pe̍h -> Peh (unconfirmed)
    "魏": ("gwee",),  # [WP] "Wei (surname)" 魏: Gūi -> Gwee (unconfirmed)
    "江": ("kang",),  # [WP] "Jiang (surname)" 江: Kang (unconfirmed)
    "苏": ("soh", "saw"),  # [WP] "Su (surname)": So͘ -> Soh, Saw (unconfirmed)
    "何": ("ho",),  # [WP] "He (surname)": Hô -> Ho (unconfirmed)
    "傅": ("poh",),  # [WP] "Fu (surname)" 傅: Pò͘ -> Poh (unconfirmed)
    "邓": ("teng",),  # [WP] "Deng (surname)": Tēng -> Teng (unconfirmed)
}

TEOCHEW_SURNAMES: Final[dict[str, tuple[str, ...]]] = {
    "王": ("heng",),  # [WKT] Min Nan "Other": Heng (Teochew usage) (unconfirmed attribution)
    "许": ("koh", "khoh", "kho"),  # [WP] "Xu (surname)" 許: Teochew Kóu -> Koh, Khoh, Kho
    "郭": ("quek", "kue", "koay"),  # [WP] "Guo (surname)": Teochew Kue, Koay, Quek
    "吴": ("ng",),  # [WP] "Wu (surname)" 吳: Teochew Ngô͘ -> Ng (unconfirmed)
    "梁": ("neo", "nio"),  # [WP] "Liang (surname)": Teochew Niô -> Neo (unconfirmed)
    "杜": ("toh",),  # [WP] "Du (surname)": Teochew Tō͘ -> Toh (unconfirmed)
    "佘": ("seah",),  # [WP] "She (surname)": Teochew Siâ -> Seah (unconfirmed)
    "谢": ("seah",),  # [WP] "Xie (surname)": Teochew Siā -> Seah (unconfirmed)
}

# Fuzhou (Hokchew / Foochow, Eastern Min): Fuqing, Changle, Sibu (Sarawak) emigrants.
FUZHOU_SURNAMES: Final[dict[str, tuple[str, ...]]] = {
    "陈": ("ding", "ting"),  # [WKT] "Ding (Hockchew)"; Ting (Sarawak Foochow) (unconfirmed)
    "郑": ("dang",),  # [WP] "Zheng (surname)": Dâng (Hokchew Bàng-uâ-cê) -> Dang
    "许": ("hii", "hee"),  # [WP] "Xu (surname)" 許: Fuzhou Hii, Hee
    "张": ("tiong",),  # [WP] "Tiong Hiew King" (張曉卿, Sibu Foochow) (unconfirmed in general)
    "林": ("ling",),  # Foochow Romanized Lìng -> Ling (unconfirmed)
    "吴": ("ngu",),  # Foochow Romanized Ngù -> Ngu (unconfirmed)
}

# Hakka spellings (Malaysia, Sabah, Hong Kong New Territories).
HAKKA_SURNAMES: Final[dict[str, tuple[str, ...]]] = {
    "张": ("chong",),  # [WKT] "Chong (Hakka)"
    "杨": ("yong",),  # [WKT] "Yong (Hakka)"
    "陈": ("chin",),  # [WKT] Other: Chin (Hakka usage) (unconfirmed attribution)
    "刘": ("liew",),  # [WKT] Other: Liew (Hakka usage) (unconfirmed attribution)
    "蔡": ("chai", "chay"),  # [WP] "Cai (surname)": Chay, Chai (Hakka)
    "邱": ("khew", "chiu"),  # [WP] "Qiū (surname)": Chiu or Khew (Hakka)
    "丘": ("khew", "chiu"),  # [WP] "Qiū (surname)" (same article)
    "叶": ("yap",),  # [WP] "Ye (surname)": Hakka Ya̍p -> Yap (unconfirmed)
    "温": ("voon", "woon"),  # [WP] "Wen (surname)" 溫: Hakka Vûn -> Voon (unconfirmed)
}

DIALECT_TABLES: Final[tuple[tuple[str, dict[str, tuple[str, ...]]], ...]] = (
    ("hokkien", HOKKIEN_SURNAMES),
    ("teochew", TEOCHEW_SURNAMES),
    ("fuzhou", FUZHOU_SURNAMES),
    ("hakka", HAKKA_SURNAMES),
)

# --- Hanyu pinyin syllables (toneless, ü written v) -----------------------------------
# Written out from the standard pinyin syllable table; interjection-only syllables
# (m, n, ng, hm, hng, ê) are left out: they would wreck segmentation.
_PINYIN_TEXT = """
a ai an ang ao e ei en eng er o ou
ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu
pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu
ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu
fa fan fang fei fen feng fiao fo fou fu
da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo
ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo
na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan
nun nuo nv nve
la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan
lun luo lv lve
ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo
ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo
ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo
ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun
qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun
xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun
zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang
zhui zhun zhuo
cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui
chun chuo
sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui
shun shuo
ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo
za zai zan zang zao ze zei zen zeng zi zong zou zu zuan zui zun zuo
ca cai can cang cao ce cen ceng ci cong cou cu cuan cui cun cuo
sa sai san sang sao se sen seng si song sou su suan sui sun suo
ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun
wa wai wan wang wei wen weng wo wu
"""
PINYIN_SYLLABLES: Final[frozenset[str]] = frozenset(_PINYIN_TEXT.split())

# Other spellings of ü syllables -> the v form: passport YU [MPS], plain u for lüe/nüe.
U_SPELLINGS: Final[dict[str, str]] = {
    "lyu": "lv", "nyu": "nv", "lyue": "lve", "nyue": "nve", "lue": "lve", "nue": "nve",
}  # fmt: skip
# The three ways a ü syllable is written in records: passport YU [MPS], plain U, and V.
U_MODES: Final[dict[str, dict[str, str]]] = {
    "yu": {"lv": "lyu", "nv": "nyu", "lve": "lyue", "nve": "nyue"},
    "u": {"lv": "lu", "nv": "nu", "lve": "lue", "nve": "nue"},
    "v": {"lv": "lv", "nv": "nv", "lve": "lve", "nve": "nve"},
}

# --- Wade-Giles ([LOC] correspondence; apostrophes and umlauts dropped) ----------------
_WG_INITIALS: Final[tuple[tuple[str, str], ...]] = (
    ("zh", "ch"), ("ch", "ch"), ("sh", "sh"), ("b", "p"), ("p", "p"), ("m", "m"),
    ("f", "f"), ("d", "t"), ("t", "t"), ("n", "n"), ("l", "l"), ("g", "k"), ("k", "k"),
    ("h", "h"), ("j", "ch"), ("q", "ch"), ("x", "hs"), ("r", "j"), ("z", "ts"),
    ("c", "ts"), ("s", "s"), ("y", "y"), ("w", "w"),
)  # fmt: skip
# Whole syllables whose Wade-Giles form does not follow from initial + final.
_WG_WHOLE: Final[dict[str, str]] = {
    "zi": "tzu", "ci": "tzu", "si": "ssu", "zhi": "chih", "chi": "chih", "shi": "shih",
    "ri": "jih", "er": "erh", "e": "o", "yi": "i", "you": "yu", "yan": "yen", "ye": "yeh",
    "yong": "yung", "yue": "yueh", "ge": "ko", "ke": "ko", "he": "ho", "lv": "lu",
    "nv": "nu", "lve": "lueh", "nve": "nueh", "lue": "lueh", "nue": "nueh",
}  # fmt: skip
_WG_FINALS: Final[tuple[tuple[str, str], ...]] = (
    ("iong", "iung"), ("ong", "ung"), ("ian", "ien"), ("ie", "ieh"), ("ue", "ueh"),
)  # fmt: skip


def wade_giles(syllable: str) -> str:
    """Wade-Giles (ASCII: no apostrophes, no umlauts) of a toneless pinyin syllable."""
    if syllable in _WG_WHOLE:
        return _WG_WHOLE[syllable]
    initial, wg_initial, final = "", "", syllable
    for py, wg in _WG_INITIALS:
        if syllable.startswith(py):
            initial, wg_initial, final = py, wg, syllable[len(py) :]
            break
    for py_final, wg_final in _WG_FINALS:
        if final.endswith(py_final):
            final = final[: -len(py_final)] + wg_final
            break
    if final == "uo" and initial not in ("g", "k", "h", "sh"):
        final = "o"  # duo -> to, zhuo -> cho, luo -> lo; guo -> kuo, shuo -> shuo
    elif final == "ui" and initial in ("g", "k"):
        final = "uei"  # gui -> kuei, kui -> kuei
    return wg_initial + final


WADE_GILES: Final[dict[str, str]] = {s: wade_giles(s) for s in PINYIN_SYLLABLES}
WADE_GILES_TO_PINYIN: Final[dict[str, frozenset[str]]] = {}
for _py, _wg in WADE_GILES.items():
    WADE_GILES_TO_PINYIN[_wg] = WADE_GILES_TO_PINYIN.get(_wg, frozenset()) | {_py}
# "szu" is the common alternative to "ssu" for si ([LOC] lists both spellings in use).
WADE_GILES_TO_PINYIN["szu"] = frozenset({"si"})
WADE_GILES_SYLLABLES: Final[frozenset[str]] = frozenset(WADE_GILES_TO_PINYIN)
