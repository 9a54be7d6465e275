"""Screening judged from outside, on data generated here.

The name tables, romanisations (Wade-Giles, Taiwanese passports, Hong Kong Cantonese) and
error models below were written apart from the engine: nothing of readmit.screening or
readmit.identity is read or imported. Everything runs through the product's own commands in
a fresh READMIT_HOME (SQLite):

1. `readmit demo --seed-only --json` for the users: the USA analyst imports, the supervisor
   approves (four eyes), the case officer screens;
2. `readmit designations import` of a FollowTheMoney list (people in Han and Latin script,
   airlines, charter operators, travel agencies and bus lines with Spanish, English and
   Chinese legal forms, Directorship and Ownership links, a Sanction per designation), then
   every proposal approved with `POST /api/v1/designations/{id}/approve` on `readmit serve`
   (one call each: the README gives no bulk approval), timed;
3. `readmit screen QUERIES RESULTS --as OFFICER`, timed: variants of designated people and
   companies, people and companies linked to a designated company, and look-alikes;
4. scored per variant type: recall at the review threshold (the expected designated entity
   among the hits not `below_threshold`), recall at any score, top-1 (the best hit is the
   expected entity and reaches the threshold), and the false-positive rate of look-alikes
   (any hit reaching the threshold).

    .venv/bin/python bench/screening_independent.py [--entities 50000] [--queries 600] [--seed 7]

Writes bench/results/screening_independent.md and .json.
"""

# The name tables read better as text split into words than as long list literals.
# ruff: noqa: SIM905
import argparse
import datetime
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
READMIT = str(Path(sys.executable).parent / "readmit")
STATE = "USA"
PROGRAM = "INA 212(a)(3)(C)"

# --- name tables --------------------------------------------------------------------------------
# Surname: simplified, traditional, pinyin syllables (space between), Hong Kong spelling,
# Taiwanese passport spelling, relative frequency.
SURNAMES = [
    tuple(line.split("|"))
    for line in """王|王|wang|Wong|Wang|92
李|李|li|Lee|Lee|90
张|張|zhang|Cheung|Chang|86
刘|劉|liu|Lau|Liu|65
陈|陳|chen|Chan|Chen|62
杨|楊|yang|Yeung|Yang|45
黄|黃|huang|Wong|Huang|32
赵|趙|zhao|Chiu|Chao|28
吴|吳|wu|Ng|Wu|27
周|周|zhou|Chow|Chou|26
徐|徐|xu|Tsui|Hsu|20
孙|孫|sun|Suen|Sun|19
马|馬|ma|Ma|Ma|18
朱|朱|zhu|Chu|Chu|17
胡|胡|hu|Wu|Hu|16
郭|郭|guo|Kwok|Kuo|15
何|何|he|Ho|Ho|14
林|林|lin|Lam|Lin|14
罗|羅|luo|Law|Lo|13
高|高|gao|Ko|Kao|13
郑|鄭|zheng|Cheng|Cheng|12
梁|梁|liang|Leung|Liang|11
谢|謝|xie|Tse|Hsieh|10
宋|宋|song|Sung|Sung|9
唐|唐|tang|Tong|Tang|9
许|許|xu|Hui|Hsu|8
邓|鄧|deng|Tang|Teng|8
冯|馮|feng|Fung|Feng|8
韩|韓|han|Hon|Han|7
曹|曹|cao|Tso|Tsao|7
曾|曾|zeng|Tsang|Tseng|7
彭|彭|peng|Pang|Peng|7
萧|蕭|xiao|Siu|Hsiao|6
蔡|蔡|cai|Choi|Tsai|6
潘|潘|pan|Poon|Pan|6
田|田|tian|Tin|Tien|5
董|董|dong|Tung|Tung|5
袁|袁|yuan|Yuen|Yuan|5
叶|葉|ye|Yip|Yeh|5
蒋|蔣|jiang|Tseung|Chiang|5
杜|杜|du|To|Tu|4
苏|蘇|su|So|Su|4
魏|魏|wei|Ngai|Wei|4
程|程|cheng|Ching|Cheng|4
吕|呂|lü|Lui|Lu|4
丁|丁|ding|Ting|Ting|4
沈|沈|shen|Shum|Shen|4
任|任|ren|Yam|Jen|3
姚|姚|yao|Yiu|Yao|3
卢|盧|lu|Lo|Lu|3
钟|鍾|zhong|Chung|Chung|3
谭|譚|tan|Tam|Tan|3
廖|廖|liao|Liu|Liao|3
陆|陸|lu|Luk|Lu|3
金|金|jin|Kam|Chin|3
石|石|shi|Shek|Shih|3
戴|戴|dai|Tai|Tai|2
夏|夏|xia|Ha|Hsia|2
邱|邱|qiu|Yau|Chiu|2
方|方|fang|Fong|Fang|2
邹|鄒|zou|Chau|Tsou|2
熊|熊|xiong|Hung|Hsiung|2
秦|秦|qin|Chun|Chin|2
白|白|bai|Pak|Pai|2
薛|薛|xue|Sit|Hsueh|2
龚|龔|gong|Kung|Kung|2
温|溫|wen|Wan|Wen|2
欧阳|歐陽|ou yang|Au Yeung|Ouyang|1""".splitlines()
]
# Given-name character: simplified, traditional, pinyin, Hong Kong (Cantonese) spelling.
GIVEN_CHARS = [
    tuple(item.split("|"))
    for item in """伟|偉|wei|Wai 明|明|ming|Ming 华|華|hua|Wah 强|強|qiang|Keung 志|志|zhi|Chi
国|國|guo|Kwok 文|文|wen|Man 建|建|jian|Kin 军|軍|jun|Kwan 平|平|ping|Ping 辉|輝|hui|Fai
杰|傑|jie|Kit 丽|麗|li|Lai 芳|芳|fang|Fong 敏|敏|min|Man 静|靜|jing|Ching 秀|秀|xiu|Sau
英|英|ying|Ying 玲|玲|ling|Ling 红|紅|hong|Hung 霞|霞|xia|Ha 燕|燕|yan|Yin 婷|婷|ting|Ting
春|春|chun|Chun 海|海|hai|Hoi 峰|峰|feng|Fung 刚|剛|gang|Kong 涛|濤|tao|To 鹏|鵬|peng|Pang
飞|飛|fei|Fei 云|雲|yun|Wan 龙|龍|long|Lung 嘉|嘉|jia|Ka 俊|俊|jun|Chun 浩|浩|hao|Ho
宇|宇|yu|Yu 欣|欣|xin|Yan 怡|怡|yi|Yi 颖|穎|ying|Wing 诗|詩|shi|Sze 美|美|mei|Mei
德|德|de|Tak 安|安|an|On 宝|寶|bao|Po 福|福|fu|Fuk 永|永|yong|Wing 耀|耀|yao|Yiu
荣|榮|rong|Wing 光|光|guang|Kwong 新|新|xin|San 玉|玉|yu|Yuk 兰|蘭|lan|Lan 梅|梅|mei|Mui
小|小|xiao|Siu 振|振|zhen|Chun 兴|興|xing|Hing 成|成|cheng|Shing 天|天|tian|Tin
东|東|dong|Tung 达|達|da|Tat 健|健|jian|Kin 鸿|鴻|hong|Hung 智|智|zhi|Chi 昌|昌|chang|Cheong
祥|祥|xiang|Cheung 思|思|si|Sze 慧|慧|hui|Wai 琪|琪|qi|Kei 晓|曉|xiao|Hiu 雪|雪|xue|Suet
斌|斌|bin|Pan 磊|磊|lei|Lui 超|超|chao|Chiu 勇|勇|yong|Yung 亮|亮|liang|Leung 娜|娜|na|Na
桂|桂|gui|Kwai 萍|萍|ping|Ping 冰|冰|bing|Bing 洁|潔|jie|Kit 晨|晨|chen|Sun 鑫|鑫|xin|Yam
博|博|bo|Pok 凯|凱|kai|Hoi 瑞|瑞|rui|Sui 泽|澤|ze|Chak 子|子|zi|Tsz 秋|秋|qiu|Chau
清|清|qing|Ching 忠|忠|zhong|Chung 庆|慶|qing|Hing 森|森|sen|Sum 学|學|xue|Hok""".split()
]
ES_GIVEN = """José Juan Luis Carlos Jorge Miguel Francisco Jesús Antonio Alejandro Manuel Pedro
Ricardo Fernando Roberto Raúl Óscar Sergio Andrés Héctor Julio Mario Rubén Víctor Édgar Iván
Ramón Martín Nicolás Tomás Efraín Germán Joaquín Rigoberto Wilmer Byron Marvin Elmer Selvin
Nelson María Ana Guadalupe Rosa Carmen Verónica Patricia Sofía Lucía Mónica Claudia Gabriela
Leticia Adriana Marisol Yesenia Karla Dulce Beatriz Inés Araceli Rocío Belén Itzel Xóchitl
Ángela Irma Ximena Mariela Jazmín""".split()
ES_COMPOUND = """José Luis, Juan Carlos, María José, Luis Fernando, Ana María, Juan Pablo,
María Fernanda, José Antonio, Miguel Ángel, María Guadalupe, Jorge Alberto, Carlos Alberto,
Rosa María, José Manuel, Luz María, Víctor Hugo, Juan José""".replace("\n", " ").split(", ")
ES_SURNAMES = [
    *"""Hernández García Martínez López González Pérez Rodríguez Sánchez Ramírez Cruz
Flores Gómez Morales Vázquez Reyes Jiménez Torres Díaz Gutiérrez Ruiz Mendoza Aguilar Ortiz
Moreno Castillo Romero Álvarez Méndez Chávez Rivera Juárez Ramos Domínguez Herrera Medina Castro
Vargas Guzmán Velásquez Muñoz Rojas Contreras Salazar Orellana Alvarado Girón Quiñónez Ixcot
Tzul Cux Ajú Mejía Zelaya Funes Peña Núñez Fuentes Estrada Paz Escobar Cabrera Solís Barrios
Ibáñez Cárdenas Figueroa Villanueva Olivares""".split(),
    "De la Cruz",
    "De León",
    "Del Cid",
]
EN_GIVEN = """James John Robert Michael William David Richard Joseph Thomas Charles Christopher
Daniel Matthew Anthony Mark Steven Paul Andrew Kevin Brian Mary Patricia Jennifer Linda
Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa Margaret Sandra Ashley Emily Donna
Michelle Carol Amanda Melissa Deborah""".split()
EN_SURNAMES = """Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas
Moore Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen King
Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell
Parker Evans Edwards Collins Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Bailey
Reed Kelly Howard Fitzgerald O'Brien McDonald""".split()

# Companies. Spanish kind words per sector; distinctive parts ("|del" takes "del").
ES_KINDS = {
    "airline": ["Aerolíneas", "Líneas Aéreas", "Aerovías", "Transportes Aéreos"],
    "charter operator": ["Aerotaxis", "Servicios Aéreos", "Vuelos Ejecutivos", "Aero Servicios"],
    "travel agency": ["Agencia de Viajes", "Viajes", "Turismo y Viajes", "Operadora Turística"],
    "bus line": ["Autobuses", "Transportes", "Líneas de Autobuses", "Transportes Terrestres"],
}
ES_DISTINCT = """Pacífico|del Golfo|del Sureste|del Norte|del Istmo|del Caribe|del Bajío|del
Soconusco|del Quetzal Cóndor Halcón Águila_Real Los_Altos San_Cristóbal Tikal Copán Chapultepec
Tláloc Monte_Albán Río_Bravo Frontera_Sur Nuevo_Horizonte La_Esperanza Santa_Fe Costa_Azul
Sierra_Madre Los_Volcanes El_Mirador Guadalupe Vista_Hermosa Cielo_Abierto Alas_de_Oro Ruta_Maya
Puerta_del_Sol Izalco Lempa Motagua Usumacinta Petén Cuscatlán Xelajú Atitlán Pacaya Ometepe
Maya_Sol Jaguar Tonatiuh Mazatlán Chiapaneca Oaxaqueña Tapachula Zacapa Cobán Olancho Sonsonate
Tehuantepec Palenque Comitán Huehuetenango Quiché Valle_Verde Mar_Azul Tres_Coronas""".split()
ES_SUFFIXES = ["Express", "Internacional", "Ejecutivo", "Premier", "Continental", "Global"]
ES_LEGAL = {
    "mx": ["S.A. de C.V.", "S. de R.L. de C.V.", "S.A.S."],
    "sv": ["S.A. de C.V."],
    "co": ["S.A.S.", "S.A."],
    "gt": ["S.A.", "S. de R.L."],
    "hn": ["S.A.", "S. de R.L."],
    "pa": ["S.A."],
}
EN_KINDS = {
    "airline": ["Airways", "Air", "Airlines", "Aviation"],
    "charter operator": ["Charter", "Jet Charter", "Air Charter Services", "Aviation Services"],
    "travel agency": ["Travel", "Travel Services", "Tours", "Travel & Tours"],
    "bus line": ["Coach Lines", "Bus Lines", "Transit", "Motorcoach"],
}
EN_DISTINCT = """Pacific Atlantic Blue_Sky Sunrise Eagle Falcon Caribbean Gulf_Coast Silverline
Northstar Southern_Cross Horizon Summit Liberty Harbor Crescent Coral Bayside Keystone Redwood
Meridian Sterling Phoenix Orion Aurora Zenith Vanguard Beacon Pinnacle Trident Kestrel Osprey
Heron Monarch Magnolia Lone_Star Cascade Evergreen Bluewater Sandpiper Windward Leeward Seabird
Highland Lakeside Starlight Goldcrest Ironwood Skyward""".split()
EN_SUFFIXES = ["International", "Express", "Global", "Group", "Worldwide"]
EN_LEGAL = {"us": ["LLC", "Inc."], "gb": ["Ltd", "Limited"], "bs": ["Ltd"], "ky": ["Ltd"]}
# Reserved for look-alikes: never used in the register.
ES_DISTINCT_FREE = """Cumbres_Doradas Arcoíris Nuevo_Amanecer Tres_Ríos Los_Pinos Sol_Naciente
Monte_Verde Luna_Llena El_Palmar Dos_Lagunas Santa_Rita Las_Brisas""".split()
EN_DISTINCT_FREE = """Copperfield Riverstone Silverbirch Amberley Westbrook Foxglove Thornbury
Larkspur Holloway Brightwater Oakhurst Ravenscroft""".split()
# Chinese companies: city (simplified, traditional, pinyin), trade name (… English
# translation), industry (… pinyin words, English, sector) and legal form.
CN_CITIES = [
    tuple(s.split("|"))
    for s in """深圳|深圳|Shenzhen 广州|廣州|Guangzhou 上海|上海|Shanghai 北京|北京|Beijing
福州|福州|Fuzhou 厦门|廈門|Xiamen 温州|溫州|Wenzhou 海南|海南|Hainan 昆明|昆明|Kunming
长乐|長樂|Changle 福清|福清|Fuqing 成都|成都|Chengdu 重庆|重慶|Chongqing 天津|天津|Tianjin
杭州|杭州|Hangzhou 青岛|青島|Qingdao 南宁|南寧|Nanning 武汉|武漢|Wuhan 珠海|珠海|Zhuhai
东莞|東莞|Dongguan""".split()
]
CN_TRADES = [
    tuple(s.split("|"))
    for s in """金鹏|金鵬|Jinpeng|Golden Roc;东方|東方|Dongfang|Oriental
;长城|長城|Changcheng|Great Wall;祥龙|祥龍|Xianglong|Auspicious Dragon
;华夏|華夏|Huaxia|Cathay;瑞丰|瑞豐|Ruifeng|Rich Harvest
;南方|南方|Nanfang|Southern;远洋|遠洋|Yuanyang|Ocean;天马|天馬|Tianma|Pegasus
;鸿运|鴻運|Hongyun|Great Fortune;银河|銀河|Yinhe|Galaxy;腾飞|騰飛|Tengfei|Soaring
;环球|環球|Huanqiu|Globe;新世纪|新世紀|Xinshiji|New Century;宏达|宏達|Hongda|Grand Success
;顺风|順風|Shunfeng|Fair Wind;蓝天|藍天|Lantian|Blue Sky;恒通|恆通|Hengtong|Everlink
;友谊|友誼|Youyi|Friendship;和平|和平|Heping|Peace;凤凰|鳳凰|Fenghuang|Phoenix
;白云|白雲|Baiyun|White Cloud;青松|青松|Qingsong|Green Pine;神州|神州|Shenzhou|Divine Land
;飞燕|飛燕|Feiyan|Flying Swallow;吉祥|吉祥|Jixiang|Good Omen;启航|啟航|Qihang|Set Sail
;捷达|捷達|Jieda|Swift;安达|安達|Anda|Safe Reach;美亚|美亞|Meiya|Ameri-Asia
;四海|四海|Sihai|Four Seas;万里|萬里|Wanli|Long Journey;长江|長江|Changjiang|Yangtze
;星辰|星辰|Xingchen|Stardust;朝阳|朝陽|Zhaoyang|Rising Sun;金桥|金橋|Jinqiao|Golden Bridge
;海鸥|海鷗|Haiou|Seagull;雄鹰|雄鷹|Xiongying|Eagle;龙腾|龍騰|Longteng|Dragon Rise
;天翼|天翼|Tianyi|Sky Wing;远航|遠航|Yuanhang|Far Voyage;华信|華信|Huaxin|Sino Trust
;嘉禾|嘉禾|Jiahe|Fine Grain;永安|永安|Yongan|Lasting Peace;富华|富華|Fuhua|Rich China
;信达|信達|Xinda|Trusty""".replace("\n", "").split(";")
]
CN_TRADES_FREE = [
    tuple(s.split("|"))
    for s in """瑞祥|瑞祥|Ruixiang|Lucky Sign;鼎盛|鼎盛|Dingsheng|Flourishing
;宏图|宏圖|Hongtu|Grand Plan;百川|百川|Baichuan|Hundred Rivers
;云帆|雲帆|Yunfan|Cloud Sail;金穗|金穗|Jinsui|Golden Ear
;翔宇|翔宇|Xiangyu|Soaring Sky;泰和|泰和|Taihe|Great Harmony;锦程|錦程|Jincheng|Bright Future
;恒远|恆遠|Hengyuan|Ever Far""".replace("\n", "").split(";")
]
CN_INDUSTRIES = [
    ("航空服务", "航空服務", "Hangkong Fuwu", "Aviation Service", "charter operator"),
    ("航空", "航空", "Hangkong", "Airlines", "airline"),
    ("公务航空", "公務航空", "Gongwu Hangkong", "Business Aviation", "charter operator"),
    ("包机服务", "包機服務", "Baoji Fuwu", "Charter Service", "charter operator"),
    (
        "国际旅行社",
        "國際旅行社",
        "Guoji Lüxingshe",
        "International Travel Service",
        "travel agency",
    ),
    ("旅行社", "旅行社", "Lüxingshe", "Travel Agency", "travel agency"),
    ("旅游", "旅遊", "Lüyou", "Tourism", "travel agency"),
    ("客运", "客運", "Keyun", "Passenger Transport", "bus line"),
    ("汽车运输", "汽車運輸", "Qiche Yunshu", "Motor Transport", "bus line"),
]
CN_LEGAL = [
    ("有限公司", "有限公司", "Youxian Gongsi", "Co., Ltd."),
    ("股份有限公司", "股份有限公司", "Gufen Youxian Gongsi", "Co., Ltd."),
    ("有限责任公司", "有限責任公司", "Youxian Zeren Gongsi", "Co., Ltd."),
]
ALPHA3 = dict(
    pair.split(":")
    for pair in """cn:CHN hk:HKG tw:TWN mx:MEX gt:GTM hn:HND sv:SLV co:COL pa:PAN us:USA gb:GBR
ca:CAN bs:BHS ky:CYM""".split()
)
NATIONALITIES = {
    "zh": [("cn", 85), ("hk", 8), ("tw", 7)],
    "es": [("mx", 40), ("gt", 25), ("hn", 15), ("sv", 12), ("co", 8)],
    "en": [("us", 60), ("gb", 25), ("ca", 15)],
}


# --- romanisation and error models --------------------------------------------------------------
WG_WHOLE = dict(
    pair.split(":")
    for pair in """zhi:chih chi:ch'ih shi:shih ri:jih zi:tzu ci:tz'u si:ssu yi:i you:yu yan:yen
ye:yeh yu:yü yue:yüeh yuan:yüan yun:yün yong:yung er:erh ge:ko ke:k'o he:ho luo:lo duo:to
tuo:t'o nuo:no zuo:tso cuo:ts'o suo:so zhuo:cho chuo:ch'o ruo:jo""".split()
)
# Longest first: "zh" before "z".
WG_INITIALS = [
    tuple(pair.split(":"))
    for pair in """zh:ch ch:ch' sh:sh b:p p:p' d:t t:t' g:k k:k' j:ch q:ch' x:hs z:ts c:ts' r:j
h:h m:m f:f n:n l:l s:s y:y w:w""".split()
]
WG_FINALS = [("iong", "iung"), ("ong", "ung"), ("ian", "ien"), ("üe", "üeh"), ("ie", "ieh")]


def wade_giles(syllable: str) -> str:
    """One pinyin syllable in Wade-Giles, apostrophes and umlauts kept."""
    s = syllable.lower()
    if s in WG_WHOLE:
        return WG_WHOLE[s]
    initial, final = "", s
    for py, wg in WG_INITIALS:
        if s.startswith(py):
            initial, final = wg, s[len(py) :]
            break
    if s[0] in "jqx" and final.startswith("u"):
        final = "ü" + final[1:]
    for py, wg in WG_FINALS:
        if final.endswith(py):
            final = final[: -len(py)] + wg
            break
    if final == "ui" and initial in ("k", "k'"):
        final = "uei"
    return initial + final


def plain(text: str) -> str:
    """Without apostrophes, umlauts or accents, as passports print Wade-Giles."""
    return fold_accents(text.replace("'", "").replace("’", ""))


def fold_accents(text: str) -> str:
    """Accents removed (á → a, ü → u, ñ → n)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def latin_pinyin(syllable: str) -> str:
    """Pinyin as Chinese passports print it (吕 lü → LYU)."""
    return syllable.replace("ü", "yu") if syllable in ("lü", "nü") else syllable.replace("ü", "v")


def key(text: str) -> str:
    """A name folded for collision checks: no accents or case, words sorted."""
    words = "".join(c if c.isalnum() else " " for c in fold_accents(text).lower()).split()
    return " ".join(sorted(words))


ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
NEAR = {
    ch: "".join(
        ROWS[r + dr][j]
        for dr in (-1, 0, 1)
        if 0 <= r + dr < 3
        for j in (i - 1, i, i + 1)
        if 0 <= j < len(ROWS[r + dr]) and (dr, j) != (0, i)
    )
    for r, row in enumerate(ROWS)
    for i, ch in enumerate(row)
}


def typo_word(word: str, rng: random.Random) -> str | None:
    """One slip of the keyboard in a word of four letters or more, its first letter kept:
    a neighbouring key, a dropped, doubled or swapped letter."""
    spots = [i for i in range(1, len(word)) if word[i].isalpha()]
    if len(word) < 4 or not spots:
        return None
    i = rng.choice(spots)
    op = rng.choice(("near", "drop", "double", "swap"))
    ch = word[i]
    if op == "near":
        repl = rng.choice(NEAR.get(fold_accents(ch).lower(), "aeiou"))
        out = word[:i] + (repl.upper() if ch.isupper() else repl) + word[i + 1 :]
    elif op == "drop":
        out = word[:i] + word[i + 1 :]
    elif op == "double":
        out = word[:i] + ch + word[i:]
    elif i + 1 < len(word) and word[i + 1].isalpha():
        out = word[:i] + word[i + 1] + ch + word[i + 2 :]
    else:
        out = word[:i] + word[i + 1 :]
    return out if out != word else None


def typo_text(text: str, rng: random.Random) -> str | None:
    """A typo in one word of the text."""
    words = text.split(" ")
    spots = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not spots:
        return None
    i = rng.choice(spots)
    slip = typo_word(words[i], rng)
    if slip is None:
        return None
    return " ".join([*words[:i], slip, *words[i + 1 :]])


def weighted(rng: random.Random, items: list[Any], weights: list[float]) -> Any:
    """One item drawn by weight."""
    return rng.choices(items, weights=weights, k=1)[0]


def zipf(n: int) -> list[float]:
    """Weights of a long-tailed frequency list."""
    return [1 / (i + 1) ** 0.8 for i in range(n)]


def a_date(rng: random.Random, first: int, last: int) -> str:
    """A date between two years."""
    day = datetime.date(first, 1, 1) + datetime.timedelta(days=rng.randrange(365 * (last - first)))
    return day.isoformat()


# --- the register -------------------------------------------------------------------------------
@dataclass
class Person:
    """A person of the register, with what each romanisation needs."""

    fid: str
    culture: str  # zh, es, en
    nat: str
    dob: str | None
    passport: str
    sur: tuple[str, ...] = ()
    chars: tuple[tuple[str, ...], ...] = ()
    form: str = "latin"  # zh: han+pinyin, pinyin, han
    given: str = ""  # es, en: given names; en: first and middle
    family: str = ""  # es: both surnames; en: last name
    paternal: str = ""  # es: the first surname
    designated: bool = False

    @property
    def py_family(self) -> str:
        return "".join(latin_pinyin(s) for s in self.sur[2].split()).capitalize()

    @property
    def py_given(self) -> str:
        return "".join(latin_pinyin(c[2]) for c in self.chars).capitalize()

    @property
    def han(self) -> str:
        return self.sur[0] + "".join(c[0] for c in self.chars)

    @property
    def han_trad(self) -> str:
        return self.sur[1] + "".join(c[1] for c in self.chars)

    @property
    def listed_latin(self) -> tuple[str, str] | None:
        """(family, given) as the list writes it in Latin script, or None."""
        if self.culture != "zh":
            return self.family, self.given
        return None if self.form == "han" else (self.py_family, self.py_given)

    @property
    def caption(self) -> str:
        if self.culture == "zh":
            latin = f"{self.py_family} {self.py_given}"
            return {"han": self.han, "pinyin": latin}.get(self.form, f"{self.han} / {latin}")
        return f"{self.given} {self.family}"

    def keys(self) -> set[str]:
        if self.culture == "zh":
            return {self.han, key(f"{self.py_family} {self.py_given}")}
        return {key(f"{self.given} {self.family}")}


@dataclass
class Company:
    """A company of the register: its parts, so that variants can be built from them."""

    fid: str
    culture: str  # es, en, cn
    juris: str
    sector: str
    legal: str | tuple[str, ...]
    reg: str
    codes: tuple[str, str] | None = None
    kind: str = ""
    distinct: str = ""
    connector: str = ""  # "del" in "Aerolíneas del Pacífico"
    suffix: str = ""
    comma: bool = False
    city: tuple[str, ...] = ()
    shi: bool = False
    trade: tuple[str, ...] = ()
    industry: tuple[str, ...] = ()
    form: str = "latin"  # cn: han+en, han+en_translated, han, en
    designated: bool = False

    @property
    def base(self) -> str:
        if self.culture == "es":
            distinct = f"{self.connector} {self.distinct}" if self.connector else self.distinct
            return " ".join(x for x in (self.kind, distinct, self.suffix) if x)
        return " ".join(x for x in (self.distinct, self.kind, self.suffix) if x)

    @property
    def latin(self) -> str:
        return f"{self.base}{',' if self.comma else ''} {self.legal}"

    def han(self, trad: bool = False, city: bool = True) -> str:
        i = 1 if trad else 0
        where = self.city[i] + ("市" if self.shi else "") if city else ""
        return where + self.trade[i] + self.industry[i] + self.legal[i]

    def english(self, translated: bool = False) -> str:
        trade = self.trade[3] if translated else self.trade[2]
        return f"{self.city[2]} {trade} {self.industry[3]} {self.legal[3]}"

    @property
    def names(self) -> list[str]:
        if self.culture != "cn":
            return [self.latin]
        return {
            "han+en": [self.han(), self.english()],
            "han+en_translated": [self.han(), self.english(translated=True)],
            "han": [self.han()],
            "en": [self.english()],
        }[self.form]

    @property
    def caption(self) -> str:
        return " / ".join(self.names)

    def keys(self) -> set[str]:
        if self.culture == "cn":
            return {self.han(city=False)[: -len(self.legal[0])], key(self.english())}
        return {key(self.base)}


@dataclass
class World:
    """The register as generated, and what queries need to find in it."""

    persons: list[Person] = field(default_factory=list)
    companies: list[Company] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    directors: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    owners: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    holdings: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    person_keys: set[str] = field(default_factory=set)
    company_keys: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    by_fid: dict[str, Person | Company] = field(default_factory=dict)
    designated: dict[str, list[Person]] = field(default_factory=dict)

    def linked(self, fid: str) -> set[str]:
        """The designated companies a person or company is linked to."""
        return (
            self.directors.get(fid, set())
            | self.owners.get(fid, set())
            | self.holdings.get(fid, set())
        )


def new_person(rng: random.Random, culture: str, fid: str) -> Person:
    """A person with a name of the culture, a birth date, nationality and passport."""
    nat = weighted(rng, *map(list, zip(*NATIONALITIES[culture], strict=True)))
    r = rng.random()
    dob = (
        a_date(rng, 1955, 2002)
        if r < 0.88
        else (str(rng.randint(1955, 2001)) if r < 0.95 else None)
    )
    digits = "".join(rng.choice("0123456789") for _ in range(8))
    passport = {
        "cn": "E" + digits,
        "hk": "K" + digits,
        "tw": "3" + digits,
        "us": "5" + digits,
        "gb": "1" + digits,
        "ca": "AB" + digits[:6],
    }.get(nat, rng.choice("GNPC") + digits)
    person = Person(fid=fid, culture=culture, nat=nat, dob=dob, passport=passport)
    if culture == "zh":
        person.sur = weighted(rng, SURNAMES, [float(s[5]) for s in SURNAMES])
        person.chars = tuple(
            rng.choice(GIVEN_CHARS) for _ in range(1 if rng.random() < 0.25 else 2)
        )
        person.form = weighted(rng, ["han+pinyin", "pinyin", "han"], [60, 25, 15])
    elif culture == "es":
        person.given = rng.choice(ES_COMPOUND) if rng.random() < 0.4 else rng.choice(ES_GIVEN)
        w = zipf(len(ES_SURNAMES))
        person.paternal = weighted(rng, ES_SURNAMES, w)
        person.family = f"{person.paternal} {weighted(rng, ES_SURNAMES, w)}"
    else:
        first, middle = rng.sample(EN_GIVEN, 2)
        person.given = f"{first} {middle}" if rng.random() < 0.6 else first
        person.family = weighted(rng, EN_SURNAMES, zipf(len(EN_SURNAMES)))
    return person


def person_line(p: Person, rng: random.Random) -> dict[str, Any]:
    """The person as a FollowTheMoney entity, listed the way lists of its kind are."""
    props: dict[str, list[str]] = {"nationality": [p.nat], "passportNumber": [p.passport]}
    if p.dob:
        props["birthDate"] = [p.dob]
    if p.culture == "zh":
        latin = f"{p.py_family.upper() if rng.random() < 0.4 else p.py_family} {p.py_given}"
        names = {"han": [p.han], "pinyin": [latin], "han+pinyin": [p.han, latin]}[p.form]
        if p.form == "han+pinyin" and rng.random() < 0.5:
            names.reverse()
        props["name"], props["alias"] = names[:1], names[1:]
        if p.form != "han" and rng.random() < 0.7:
            props["lastName"], props["firstName"] = [p.py_family], [p.py_given]
    else:
        props["name"] = [f"{p.given} {p.family}"]
        first, *middle = p.given.split(" ") if p.culture == "en" else [p.given]
        props["firstName"], props["lastName"] = [first], [p.family]
        if middle:
            props["middleName"] = middle
    return {"id": p.fid, "schema": "Person", "properties": {k: v for k, v in props.items() if v}}


def registration(rng: random.Random, juris: str, base: str) -> str:
    """A registration number in the jurisdiction's usual shape."""
    d = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    initials = "".join(w[0] for w in fold_accents(base).upper().split() if w[0].isalpha())[:3]
    return {
        "mx": f"{initials:X<3}{d(6)}{rng.choice('ABCDEFGH')}{d(2)}",
        "co": f"9{d(8)}-{d(1)}",
        "gt": f"{d(7)}-{d(1)}",
        "hn": d(14),
        "sv": f"0614-{d(6)}-{d(3)}-{d(1)}",
        "pa": f"155{d(6)}-2-{rng.randint(1995, 2024)}",
        "us": f"L{d(11)}",
        "gb": d(8),
        "bs": f"{d(6)}B",
        "ky": f"CR-{d(6)}",
        "cn": f"91{d(6)}MA"
        + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in "12345678"),
    }[juris]


def airline_codes(rng: random.Random, world: World) -> tuple[str, str]:
    """An IATA designator (two letters or digits: there are too few for every carrier, so
    they repeat, as IATA's controlled duplicates do) and a fresh ICAO designator."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    iata = rng.choice(letters + "23456789") + rng.choice(letters)
    while True:
        icao = "".join(rng.choice(letters) for _ in range(3))
        if icao not in world.codes:
            world.codes.add(icao)
            return iata, icao


def new_company(
    rng: random.Random, culture: str, fid: str, world: World, free: bool = False
) -> Company:
    """A company of the culture (`free`: with a distinctive name the register never uses)."""
    sector = rng.choice(list(ES_KINDS))
    if culture == "cn":
        industry = rng.choice([i for i in CN_INDUSTRIES if i[4] == sector])
        city = rng.choice(CN_CITIES)
        c = Company(
            fid=fid,
            culture="cn",
            juris="cn",
            sector=sector,
            legal=rng.choice(CN_LEGAL),
            reg="",
            city=city,
            shi=rng.random() < 0.4 and city[0] != "海南",  # a province, not a city
            trade=rng.choice(CN_TRADES_FREE if free else CN_TRADES),
            industry=industry,
            form=weighted(rng, ["han+en", "han+en_translated", "han", "en"], [55, 15, 20, 10]),
        )
    else:
        kinds, distinct, suffixes, legal = (
            (ES_KINDS, ES_DISTINCT_FREE if free else ES_DISTINCT, ES_SUFFIXES, ES_LEGAL)
            if culture == "es"
            else (EN_KINDS, EN_DISTINCT_FREE if free else EN_DISTINCT, EN_SUFFIXES, EN_LEGAL)
        )
        juris = rng.choice(list(legal))
        word, _, connector = rng.choice(distinct).partition("|")
        c = Company(
            fid=fid,
            culture=culture,
            juris=juris,
            sector=sector,
            legal=rng.choice(legal[juris]),
            reg="",
            kind=rng.choice(kinds[sector]),
            distinct=word.replace("_", " "),
            connector=connector,
            suffix=rng.choice(suffixes) if rng.random() < 0.35 else "",
            comma=culture == "es" and rng.random() < 0.3,
        )
    c.reg = registration(rng, c.juris, c.base if culture != "cn" else "")
    if sector in ("airline", "charter operator") and rng.random() < 0.6:
        c.codes = airline_codes(rng, world)
    return c


def company_line(c: Company) -> dict[str, Any]:
    """The company as a FollowTheMoney entity."""
    names = c.names
    props = {
        "name": names[:1],
        "alias": names[1:],
        "jurisdiction": [c.juris],
        "registrationNumber": [c.reg],
        "sector": [c.sector],
        "idNumber": list(c.codes or ()),
    }
    return {"id": c.fid, "schema": "Company", "properties": {k: v for k, v in props.items() if v}}


def build_world(rng: random.Random, entities: int) -> World:
    """The register: people, companies, links and a Sanction per designation."""
    world = World()
    n_sanctions = max(30, round(entities * 0.06))
    n_links = round(entities * 0.10)
    n_persons = round(entities * 0.54)
    n_companies = entities - n_sanctions - n_links - n_persons
    for i in range(n_persons):
        p = new_person(rng, weighted(rng, ["zh", "es", "en"], [50, 35, 15]), f"ind-p-{i:06d}")
        world.persons.append(p)
        world.lines.append(person_line(p, rng))
        world.person_keys |= p.keys()
    seen: set[tuple[str, str]] = set()
    while len(world.companies) < n_companies:
        c = new_company(
            rng,
            weighted(rng, ["es", "en", "cn"], [40, 30, 30]),
            f"ind-c-{len(world.companies):06d}",
            world,
        )
        ident = (c.caption, c.juris)
        if ident in seen:
            continue
        seen.add(ident)
        world.companies.append(c)
        world.lines.append(company_line(c))
        world.company_keys |= c.keys()
    n_dp = round(n_sanctions * 0.6)
    designated = rng.sample(world.persons, n_dp) + rng.sample(world.companies, n_sanctions - n_dp)
    for e in designated:
        e.designated = True
    world.by_fid = {p.fid: p for p in world.persons} | {c.fid: c for c in world.companies}
    pool = defaultdict(list)
    for p in world.persons:
        if not p.designated:
            pool[p.culture].append(p)
    holders = defaultdict(list)
    for c in world.companies:
        if not c.designated:
            holders[c.culture].append(c)
    links = 0

    def link(schema: str, subject: str, obj: str) -> None:
        nonlocal links
        ends = ("director", "organization") if schema == "Directorship" else ("owner", "asset")
        props = {ends[0]: [subject], ends[1]: [obj], "startDate": [a_date(rng, 2008, 2024)]}
        if schema == "Directorship":
            props["role"] = [rng.choice(["director", "general manager", "legal representative"])]
        else:
            props["percentage"] = [str(rng.choice([25, 33, 50, 51, 60, 100]))]
        world.lines.append({"id": f"ind-l-{links:06d}", "schema": schema, "properties": props})
        links += 1

    for c in [c for c in world.companies if c.designated]:
        culture = "zh" if c.culture == "cn" else c.culture
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            p = rng.choice(pool[culture])
            link("Directorship", p.fid, c.fid)
            world.directors[p.fid].add(c.fid)
        if rng.random() < 0.4:
            p = rng.choice(pool[culture])
            link("Ownership", p.fid, c.fid)
            world.owners[p.fid].add(c.fid)
        if rng.random() < 0.15:
            h = rng.choice(holders[c.culture])
            link("Ownership", h.fid, c.fid)
            world.holdings[h.fid].add(c.fid)
    linked = set(world.directors) | set(world.owners) | set(world.holdings)
    free_p = [p for p in world.persons if not p.designated and p.fid not in linked]
    free_c = [c for c in world.companies if not c.designated and c.fid not in linked]
    while links < n_links:
        c = rng.choice(free_c)
        link(rng.choice(["Directorship", "Ownership"]), rng.choice(free_p).fid, c.fid)
    for i, e in enumerate(designated):
        world.lines.append(
            {
                "id": f"ind-s-{i:06d}",
                "schema": "Sanction",
                "properties": {
                    "entity": [e.fid],
                    "program": [PROGRAM],
                    "authority": ["Department of State"],
                    "reason": ["Facilitation of irregular migration (synthetic)"],
                    "startDate": [a_date(rng, 2024, 2026)[:8] + "01"],
                },
            }
        )
    return world


# --- queries ------------------------------------------------------------------------------------
Query = dict[str, Any]
Fields = dict[str, str]


@dataclass
class Sample:
    """One query, the designated entities it should reach (none for a look-alike), and the
    entity it was made from."""

    query: Query
    expected: set[str]
    subject: Person | Company


def person_query(
    p: Person, rng: random.Random, fields: Fields, *, lookalike: bool = False
) -> Query:
    """A person query as an officer fills it in: mostly a birth date, often a nationality,
    sometimes a passport number (a look-alike's own birth date is always given)."""
    q: Query = {"kind": "person", **{k: v for k, v in fields.items() if v}}
    r = rng.random()
    if p.dob and (lookalike or r < 0.8):
        q["birth_date"] = p.dob
    elif p.dob and r < 0.9:
        q["birth_date"] = p.dob[:4]
    if rng.random() < 0.5:
        q["nationality"] = ALPHA3[p.nat]
    if rng.random() < 0.25:
        q["passport_number"] = p.passport
    return q


def company_query(c: Company, rng: random.Random, name: str) -> Query:
    """A company query: the name, often the jurisdiction, sometimes the number or codes."""
    q: Query = {"kind": "company", "name": name}
    if rng.random() < 0.5:
        q["jurisdiction"] = ALPHA3[c.juris]
    if rng.random() < 0.2:
        q["registration_number"] = c.reg
    if c.codes and rng.random() < 0.2:
        q["iata_code"], q["icao_code"] = c.codes
    return q


def listed(p: Person, rng: random.Random) -> Fields:
    """The person's name as the list gives it (Latin when it has it, else Han)."""
    latin = p.listed_latin
    if latin is None or (p.form == "han+pinyin" and rng.random() < 0.3):
        return {"name": p.han}
    return {"family_name": latin[0], "given_name": latin[1]}


def changed(p: Person, fields: Fields) -> Fields | None:
    """The fields, unless they only repeat the listed name (case, accents and separators
    aside)."""
    latin = p.listed_latin
    squash = lambda text: "".join(c for c in fold_accents(text).lower() if c.isalnum())  # noqa: E731
    same = latin and squash(fields["family_name"] + fields["given_name"]) == squash("".join(latin))
    return None if same else fields


def v_zh_wade_giles(p: Person, rng: random.Random) -> Fields | None:
    family = "-".join(wade_giles(s) for s in p.sur[2].split()).capitalize()
    given = "-".join(wade_giles(c[2]) for c in p.chars).capitalize()
    return changed(p, {"family_name": family, "given_name": given})


def v_zh_taiwan(p: Person, rng: random.Random) -> Fields | None:
    parts = [plain(wade_giles(c[2])) for c in p.chars]
    given = "-".join(
        x.capitalize() if rng.random() < 0.5 or i == 0 else x for i, x in enumerate(parts)
    )
    family = p.sur[4]
    if rng.random() < 0.3:
        family, given = family.upper(), given.upper()
    return changed(p, {"family_name": family, "given_name": given})


def v_zh_cantonese(p: Person, rng: random.Random) -> Fields | None:
    parts = [c[3] for c in p.chars]
    given = (
        " ".join(parts)
        if rng.random() < 0.6
        else "-".join([parts[0], *(x.lower() for x in parts[1:])])
    )
    family = p.sur[3].upper() if rng.random() < 0.4 else p.sur[3]
    return changed(p, {"family_name": family, "given_name": given})


def v_zh_reversed_whole(p: Person, rng: random.Random) -> Fields | None:
    return {"name": f"{p.py_given} {p.py_family}"}


def v_zh_whole_upper(p: Person, rng: random.Random) -> Fields | None:
    return {"name": f"{p.py_family} {p.py_given}".upper()}


def v_zh_given_split(p: Person, rng: random.Random) -> Fields | None:
    if len(p.chars) < 2:
        return None
    parts = [latin_pinyin(c[2]).capitalize() for c in p.chars]
    return {"family_name": p.py_family, "given_name": rng.choice([" ", "-"]).join(parts)}


def v_zh_han_traditional(p: Person, rng: random.Random) -> Fields | None:
    return {"name": p.han_trad} if p.han_trad != p.han else None


def v_zh_han(p: Person, rng: random.Random) -> Fields | None:
    return {"name": p.han}


def v_zh_typo(p: Person, rng: random.Random) -> Fields | None:
    family, given = p.py_family, p.py_given
    if len(given) >= 4 and rng.random() < 0.7:
        given = typo_word(given, rng) or given
    else:
        family = typo_word(family, rng) or family
    return changed(p, {"family_name": family, "given_name": given})


def v_zh_fields_swapped(p: Person, rng: random.Random) -> Fields | None:
    return {"family_name": p.py_given, "given_name": p.py_family}


def v_es_no_accents(p: Person, rng: random.Random) -> Fields | None:
    if fold_accents(p.given + p.family) == p.given + p.family:
        return None
    family, given = fold_accents(p.family), fold_accents(p.given)
    if rng.random() < 0.4:
        family, given = family.upper(), given.upper()
    return {"family_name": family, "given_name": given}


def v_typo(p: Person, rng: random.Random) -> Fields | None:
    family, given = p.family, p.given
    if rng.random() < 0.6:
        family = typo_text(family, rng) or family
    else:
        given = typo_text(given, rng) or given
    return changed(p, {"family_name": family, "given_name": given})


def v_es_dropped_maternal(p: Person, rng: random.Random) -> Fields | None:
    return {"family_name": p.paternal, "given_name": p.given}


def initials(given: str, rng: random.Random) -> str:
    letters = [w[0] for w in given.split() if w[0].isupper()]
    return rng.choice([". ".join(letters) + ".", ".".join(letters) + ".", " ".join(letters)])


def v_initials(p: Person, rng: random.Random) -> Fields | None:
    return {"family_name": p.family, "given_name": initials(p.given, rng)}


def v_es_reversed_whole(p: Person, rng: random.Random) -> Fields | None:
    if rng.random() < 0.5:
        return {"name": f"{p.family.upper()}, {p.given}"}
    return {"name": f"{p.family} {p.given}"}


def v_whole(p: Person, rng: random.Random) -> Fields | None:
    return {"name": f"{p.given} {p.family}"}


def v_first_given_only(p: Person, rng: random.Random) -> Fields | None:
    words = p.given.split()
    return {"family_name": p.family, "given_name": words[0]} if len(words) > 1 else None


def v_es_surnames_joined(p: Person, rng: random.Random) -> Fields | None:
    maternal = p.family[len(p.paternal) + 1 :]
    particles = ("De la ", "De ", "Del ")
    for surname in (p.paternal, maternal):
        for particle in particles:
            if surname.startswith(particle):
                core = surname[len(particle) :]
                joined = rng.choice([core, (particle.replace(" ", "") + core.lower()).capitalize()])
                return {"family_name": p.family.replace(surname, joined), "given_name": p.given}
    return {"family_name": f"{p.paternal}-{maternal}", "given_name": p.given}


def v_en_reversed_comma(p: Person, rng: random.Random) -> Fields | None:
    return {"name": f"{p.family.upper()}, {p.given}"}


LEGAL_SWAPS = {
    "S.A. de C.V.": ["SA de CV", "S.A. DE C.V.", "Sociedad Anónima de Capital Variable", "S.A."],
    "S. de R.L. de C.V.": [
        "S de RL de CV",
        "S. de R.L.",
        "Sociedad de Responsabilidad Limitada de Capital Variable",
    ],
    "S.A.S.": ["SAS", "S.A.S", "Sociedad por Acciones Simplificada", "S.A."],
    "S.A.": ["SA", "Sociedad Anónima", "S.A. de C.V."],
    "S. de R.L.": ["S de RL", "Sociedad de Responsabilidad Limitada", "S.A."],
    "Ltd": ["Limited", "Ltd.", "LTD", "Co. Ltd"],
    "Limited": ["Ltd", "Ltd.", "Co. Limited"],
    "LLC": ["L.L.C.", "Limited Liability Company", "Inc."],
    "Inc.": ["Incorporated", "Inc", "Corp.", "LLC"],
}
ABBREVIATIONS = {
    "Aerolíneas": "Aerol.",
    "Transportes": "Transp.",
    "Servicios": "Servs.",
    "Agencia": "Agcia.",
    "Internacional": "Int'l",
    "Turismo": "Tur.",
    "Operadora": "Op.",
    "Turística": "Tur.",
    "Líneas": "Lín.",
    "Terrestres": "Terr.",
    "Autobuses": "Autob.",
    "Ejecutivo": "Ejec.",
    "Ejecutivos": "Ejecs.",
    "Aerovías": "Aerov.",
    "Continental": "Cont.",
    "International": "Intl.",
    "Services": "Svcs",
    "&": "and",
    "Motorcoach": "Motor Coach",
    "Worldwide": "W/W",
    "Aviation": "Aviatn.",
    "Airlines": "Arlns.",
    "Express": "Exp.",
}


def v_co_legal_changed(c: Company, rng: random.Random) -> str | None:
    return f"{c.base} {rng.choice(LEGAL_SWAPS[str(c.legal)])}"


def v_co_legal_dropped(c: Company, rng: random.Random) -> str | None:
    return c.base


def v_co_reordered(c: Company, rng: random.Random) -> str | None:
    lead, tail = (c.distinct, c.kind) if c.culture == "es" else (c.kind, c.distinct)
    return " ".join(x for x in (lead, tail, c.suffix, str(c.legal)) if x)


def v_co_abbreviated(c: Company, rng: random.Random) -> str | None:
    words = c.base.split(" ")
    spots = [i for i, w in enumerate(words) if w in ABBREVIATIONS]
    if not spots:
        return None
    for i in rng.sample(spots, rng.randint(1, len(spots))):
        words[i] = ABBREVIATIONS[words[i]]
    return f"{' '.join(words)} {c.legal}"


def v_co_no_accents(c: Company, rng: random.Random) -> str | None:
    folded = fold_accents(c.latin)
    if folded == c.latin:
        return None
    return folded.upper().replace(".", "").replace(",", "") if rng.random() < 0.5 else folded


def v_co_typo(c: Company, rng: random.Random) -> str | None:
    slipped = typo_text(c.base, rng)
    return f"{slipped} {c.legal}" if slipped else None


def cn_pinyin_words(text: str, rng: random.Random) -> str:
    return text.replace("ü", rng.choice(["u", "v", "ü"]))


def v_cn_pinyin(c: Company, rng: random.Random) -> str | None:
    city = c.city[2] + (" Shi" if c.shi and rng.random() < 0.5 else "")
    text = f"{city} {c.trade[2]} {cn_pinyin_words(c.industry[2], rng)} {c.legal[2]}"
    return text.upper() if rng.random() < 0.3 else text


def v_cn_english(c: Company, rng: random.Random) -> str | None:
    trade, industry, city = c.trade[2], c.industry[3], c.city[2]
    return rng.choice(
        [
            f"{trade} {industry} ({city}) Co., Ltd.",
            f"{trade} {industry} Co., Ltd.",
            f"{city} {trade} {industry} Co Ltd".upper(),
            f"{city} {trade} {industry} Company Limited",
        ]
    )


def v_cn_translated(c: Company, rng: random.Random) -> str | None:
    if c.form == "han+en_translated":
        return None
    return rng.choice(
        [c.english(translated=True), f"{c.trade[3]} {c.industry[3]} ({c.city[2]}) Co., Ltd."]
    )


def v_cn_traditional(c: Company, rng: random.Random) -> str | None:
    if c.form == "en" or c.han(trad=True) == c.han():
        return None
    return c.han(trad=True)


def v_cn_city_dropped(c: Company, rng: random.Random) -> str | None:
    return None if c.form == "en" else c.han(city=False)


PersonVariant = Callable[[Person, random.Random], Fields | None]
CompanyVariant = Callable[[Company, random.Random], str | None]
LINK_VARIANTS: dict[str, list[PersonVariant]] = {
    "zh": [v_zh_wade_giles, v_zh_taiwan, v_zh_cantonese, v_zh_han_traditional, v_zh_reversed_whole],
    "es": [v_es_no_accents, v_es_dropped_maternal, v_typo, v_initials],
    "en": [v_typo, v_initials, v_first_given_only],
}
Sampler = Callable[[World, random.Random], Sample | None]


def designated_persons(world: World, culture: str) -> list[Person]:
    if culture not in world.designated:
        world.designated[culture] = [
            p for p in world.persons if p.designated and p.culture == culture
        ]
    return world.designated[culture]


def person_variant(culture: str, variant: PersonVariant) -> Sampler:
    def sample(world: World, rng: random.Random) -> Sample | None:
        p = rng.choice(designated_persons(world, culture))
        fields = variant(p, rng)
        return Sample(person_query(p, rng, fields), {p.fid}, p) if fields else None

    return sample


def company_variant(cultures: tuple[str, ...], variant: CompanyVariant) -> Sampler:
    def sample(world: World, rng: random.Random) -> Sample | None:
        c = rng.choice([c for c in world.companies if c.designated and c.culture in cultures])
        name = variant(c, rng)
        return Sample(company_query(c, rng, name), {c.fid}, c) if name else None

    return sample


def s_exact(world: World, rng: random.Random) -> Sample:
    e = rng.choice([e for e in world.by_fid.values() if e.designated])
    if isinstance(e, Person):
        return Sample(person_query(e, rng, listed(e, rng)), {e.fid}, e)
    return Sample(company_query(e, rng, rng.choice(e.names)), {e.fid}, e)


def s_linked_person(links: str, vary: bool) -> Sampler:
    def sample(world: World, rng: random.Random) -> Sample | None:
        p = world.by_fid[rng.choice(sorted(getattr(world, links)))]
        assert isinstance(p, Person)
        fields = rng.choice(LINK_VARIANTS[p.culture])(p, rng) if vary else listed(p, rng)
        return Sample(person_query(p, rng, fields), world.linked(p.fid), p) if fields else None

    return sample


def s_owner_company(world: World, rng: random.Random) -> Sample:
    c = world.by_fid[rng.choice(sorted(world.holdings))]
    assert isinstance(c, Company)
    return Sample(company_query(c, rng, rng.choice(c.names)), world.linked(c.fid), c)


def lookalike_person(world: World, rng: random.Random, base: Person, lp: Person) -> Sample | None:
    """A look-alike query, unless its name is held by anyone in the register."""
    if lp.keys() & world.person_keys:
        return None
    lp.dob = a_date(rng, 1955, 2002)
    lp.passport = lp.passport[:-6] + str(rng.randrange(10**5, 10**6))
    return Sample(person_query(lp, rng, listed(lp, rng), lookalike=True), set(), base)


def s_la_zh_surname(world: World, rng: random.Random) -> Sample | None:
    p = rng.choice(designated_persons(world, "zh"))
    chars = tuple(rng.choice(GIVEN_CHARS) for _ in range(len(p.chars)))
    lp = Person(
        **{
            **p.__dict__,
            "fid": "lookalike",
            "chars": chars,
            "passport": "E" + str(rng.randrange(10**7, 10**8)),
        }
    )
    return lookalike_person(world, rng, p, lp)


def s_la_es_surnames(world: World, rng: random.Random) -> Sample | None:
    p = rng.choice(designated_persons(world, "es"))
    given = rng.choice(ES_GIVEN + ES_COMPOUND)
    if given.split()[0] == p.given.split()[0]:
        return None
    return lookalike_person(
        world, rng, p, Person(**{**p.__dict__, "fid": "lookalike", "given": given})
    )


def s_la_en_surname(world: World, rng: random.Random) -> Sample | None:
    p = rng.choice(designated_persons(world, "en"))
    first = rng.choice(EN_GIVEN)
    if first == p.given.split()[0]:
        return None
    return lookalike_person(
        world, rng, p, Person(**{**p.__dict__, "fid": "lookalike", "given": first})
    )


def s_la_namesake(world: World, rng: random.Random) -> Sample | None:
    p = rng.choice([p for p in world.persons if p.designated and p.dob])
    born = int(str(p.dob)[:4])
    year = rng.choice([y for y in range(1940, 2006) if abs(y - born) >= 3])
    same_name = [o for o in world.persons if o.designated and o.keys() & p.keys() and o.dob]
    if any(o.dob and o.dob[:4] == str(year) for o in same_name):  # another namesake was born then
        return None
    lp = Person(
        **{
            **p.__dict__,
            "fid": "lookalike",
            "dob": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        }
    )
    q = person_query(lp, rng, listed(lp, rng), lookalike=True)
    q.pop("passport_number", None)
    return Sample(q, set(), p)


def s_la_co_generic(world: World, rng: random.Random) -> Sample | None:
    c = rng.choice([c for c in world.companies if c.designated and c.culture != "cn"])
    free = ES_DISTINCT_FREE if c.culture == "es" else EN_DISTINCT_FREE
    lc = Company(
        **{
            **c.__dict__,
            "fid": "lookalike",
            "distinct": rng.choice(free).replace("_", " "),
            "connector": "",
            "reg": registration(rng, c.juris, c.kind),
            "codes": None,
        }
    )
    if lc.keys() & world.company_keys:
        return None
    return Sample(company_query(lc, rng, lc.latin), set(), c)


def s_la_cn_generic(world: World, rng: random.Random) -> Sample | None:
    c = rng.choice([c for c in world.companies if c.designated and c.culture == "cn"])
    lc = Company(
        **{
            **c.__dict__,
            "fid": "lookalike",
            "trade": rng.choice(CN_TRADES_FREE),
            "reg": registration(rng, "cn", ""),
            "codes": None,
        }
    )
    name = lc.han() if c.form != "en" and rng.random() < 0.7 else lc.english()
    return Sample(company_query(lc, rng, name), set(), c)


def s_la_unrelated_person(world: World, rng: random.Random) -> Sample | None:
    lp = new_person(rng, weighted(rng, ["zh", "es", "en"], [50, 35, 15]), "lookalike")
    return lookalike_person(world, rng, lp, lp)


def s_la_unrelated_company(world: World, rng: random.Random) -> Sample | None:
    lc = new_company(
        rng, weighted(rng, ["es", "en", "cn"], [40, 30, 30]), "lookalike", World(), free=True
    )
    return Sample(company_query(lc, rng, rng.choice(lc.names)), set(), lc)


@dataclass(frozen=True)
class Category:
    name: str
    group: str
    positive: bool
    sampler: Sampler
    note: str = ""
    hard: bool = False  # needs knowledge no matcher has (a translation): kept out of the worst


CATEGORIES = [
    Category("exact_as_listed", "control", True, s_exact),
    Category(
        "zh_wade_giles",
        "person zh",
        True,
        person_variant("zh", v_zh_wade_giles),
        "Chang Chih-ch'iang",
    ),
    Category(
        "zh_taiwan_passport",
        "person zh",
        True,
        person_variant("zh", v_zh_taiwan),
        "CHANG CHIH-CHIANG",
    ),
    Category(
        "zh_cantonese_hk",
        "person zh",
        True,
        person_variant("zh", v_zh_cantonese),
        "CHEUNG Chi Keung",
    ),
    Category(
        "zh_reversed_whole",
        "person zh",
        True,
        person_variant("zh", v_zh_reversed_whole),
        "name: Zhiqiang Zhang",
    ),
    Category(
        "zh_whole_upper",
        "person zh",
        True,
        person_variant("zh", v_zh_whole_upper),
        "name: ZHANG ZHIQIANG",
    ),
    Category(
        "zh_given_split",
        "person zh",
        True,
        person_variant("zh", v_zh_given_split),
        "Zhi Qiang / Zhi-Qiang",
    ),
    Category(
        "zh_han_traditional",
        "person zh",
        True,
        person_variant("zh", v_zh_han_traditional),
        "張志強",
    ),
    Category(
        "zh_han_simplified",
        "person zh",
        True,
        person_variant("zh", v_zh_han),
        "张志强 (list may be pinyin only)",
    ),
    Category("zh_pinyin_typo", "person zh", True, person_variant("zh", v_zh_typo)),
    Category(
        "zh_fields_swapped",
        "person zh",
        True,
        person_variant("zh", v_zh_fields_swapped),
        "family and given swapped",
    ),
    Category("es_no_accents", "person es", True, person_variant("es", v_es_no_accents)),
    Category("es_typo", "person es", True, person_variant("es", v_typo)),
    Category("es_dropped_maternal", "person es", True, person_variant("es", v_es_dropped_maternal)),
    Category(
        "es_initials", "person es", True, person_variant("es", v_initials), "J. L. Hernández Gómez"
    ),
    Category(
        "es_reversed_whole",
        "person es",
        True,
        person_variant("es", v_es_reversed_whole),
        "HERNÁNDEZ GÓMEZ, José Luis",
    ),
    Category("es_whole_one_field", "person es", True, person_variant("es", v_whole)),
    Category("es_first_given_only", "person es", True, person_variant("es", v_first_given_only)),
    Category(
        "es_surnames_joined",
        "person es",
        True,
        person_variant("es", v_es_surnames_joined),
        "Hernández-Gómez, Delacruz",
    ),
    Category("en_typo", "person en", True, person_variant("en", v_typo)),
    Category("en_middle_dropped", "person en", True, person_variant("en", v_first_given_only)),
    Category("en_initials", "person en", True, person_variant("en", v_initials)),
    Category(
        "en_reversed_comma",
        "person en",
        True,
        person_variant("en", v_en_reversed_comma),
        "SMITH, John Michael",
    ),
    Category(
        "co_legal_form_changed",
        "company es/en",
        True,
        company_variant(("es", "en"), v_co_legal_changed),
    ),
    Category(
        "co_legal_form_dropped",
        "company es/en",
        True,
        company_variant(("es", "en"), v_co_legal_dropped),
    ),
    Category(
        "co_words_reordered",
        "company es/en",
        True,
        company_variant(("es", "en"), v_co_reordered),
        "Quetzal Viajes; Charter Pacific",
    ),
    Category(
        "co_abbreviation",
        "company es/en",
        True,
        company_variant(("es", "en"), v_co_abbreviated),
        "Transp., Int'l, Svcs",
    ),
    Category("co_no_accents", "company es/en", True, company_variant(("es",), v_co_no_accents)),
    Category("co_typo", "company es/en", True, company_variant(("es", "en"), v_co_typo)),
    Category(
        "cn_co_pinyin",
        "company cn",
        True,
        company_variant(("cn",), v_cn_pinyin),
        "Shenzhen Jinpeng Hangkong Fuwu Youxian Gongsi",
    ),
    Category(
        "cn_co_english",
        "company cn",
        True,
        company_variant(("cn",), v_cn_english),
        "Jinpeng Aviation Service (Shenzhen) Co., Ltd.",
    ),
    Category(
        "cn_co_trade_name_translated",
        "company cn",
        True,
        company_variant(("cn",), v_cn_translated),
        "Golden Roc Aviation Service: needs a translation",
        hard=True,
    ),
    Category("cn_co_traditional", "company cn", True, company_variant(("cn",), v_cn_traditional)),
    Category(
        "cn_co_city_dropped",
        "company cn",
        True,
        company_variant(("cn",), v_cn_city_dropped),
        "金鹏航空服务有限公司",
    ),
    Category(
        "link_director_exact",
        "link",
        True,
        s_linked_person("directors", False),
        "director of a designated company, as listed",
    ),
    Category(
        "link_director_variant",
        "link",
        True,
        s_linked_person("directors", True),
        "the same, romanised or misspelt",
    ),
    Category("link_owner_person", "link", True, s_linked_person("owners", False)),
    Category(
        "link_owner_company", "link", True, s_owner_company, "a company owning a designated one"
    ),
    Category(
        "la_zh_same_surname", "look-alike", False, s_la_zh_surname, "same surname, other given name"
    ),
    Category(
        "la_es_same_surnames",
        "look-alike",
        False,
        s_la_es_surnames,
        "both surnames the same, other given name",
    ),
    Category("la_en_same_surname", "look-alike", False, s_la_en_surname),
    Category(
        "la_namesake_other_dob",
        "look-alike",
        False,
        s_la_namesake,
        "same name, born 3-20 years apart",
    ),
    Category(
        "la_co_generic_words",
        "look-alike",
        False,
        s_la_co_generic,
        "Aerolíneas X S.A. de C.V. vs Aerolíneas Y S.A. de C.V.",
    ),
    Category(
        "la_cn_co_generic_words",
        "look-alike",
        False,
        s_la_cn_generic,
        "深圳市X航空服务有限公司 vs 深圳市Y航空服务有限公司",
    ),
    Category("la_unrelated_person", "look-alike", False, s_la_unrelated_person),
    Category("la_unrelated_company", "look-alike", False, s_la_unrelated_company),
]


def make_queries(world: World, rng: random.Random, total: int) -> list[tuple[Category, Sample]]:
    """`total` queries spread over the categories (look-alikes weigh 1.5), no entity twice in
    a category."""
    weights = [1.0 if c.positive else 1.5 for c in CATEGORIES]
    shares = [total * w / sum(weights) for w in weights]
    counts = [int(s) for s in shares]
    for i in sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])[: total - sum(counts)]:
        counts[i] += 1
    out = []
    for category, count in zip(CATEGORIES, counts, strict=True):
        used: set[str] = set()
        for _ in range(count):
            for _attempt in range(500):
                sample = category.sampler(world, rng)
                if sample is None:
                    continue
                subject = sample.subject
                ident = subject.fid if subject.fid != "lookalike" else f"new-{id(subject)}"
                if ident not in used:
                    used.add(ident)
                    out.append((category, sample))
                    break
    return out


# --- running the product ------------------------------------------------------------------------
def cli(env: dict[str, str], *args: str, ok: tuple[int, ...] = (0,)) -> tuple[float, str, str]:
    """Run `readmit …`; its wall time, output and messages (stops the benchmark on failure)."""
    start = time.perf_counter()
    done = subprocess.run([READMIT, *args], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in ok:
        raise SystemExit(
            f"readmit {' '.join(args)} exited {done.returncode}:\n{done.stderr[-3000:]}"
        )
    return seconds, done.stdout, done.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def approve_all(env: dict[str, str], home: Path, token: str) -> dict[str, Any]:
    """Every proposal approved by the supervisor through the API on a real server, one call
    each; the server is stopped afterwards."""
    port = free_port()
    with (home / "serve.log").open("wb") as log:
        server = subprocess.Popen(
            [READMIT, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        client = httpx.Client(
            base_url=f"http://127.0.0.1:{port}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=120,
        )
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                raise SystemExit(
                    f"readmit serve stopped: {(home / 'serve.log').read_text()[-2000:]}"
                )
            try:
                if client.get("/api/v1/me").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("readmit serve did not answer within 120 s")
            time.sleep(0.5)
        start = time.perf_counter()
        ids: list[int] = []
        while True:
            page = client.get(
                "/api/v1/designations",
                params={"status": "proposed", "limit": 200, "offset": len(ids)},
            )
            page.raise_for_status()
            body = page.json()
            ids += [item["id"] for item in body["items"]]
            if not body["items"] or len(ids) >= body["total"]:
                break
        listed_s = time.perf_counter() - start
        latencies: list[float] = []
        refused: Counter[int] = Counter()
        for designation_id in ids:
            t0 = time.perf_counter()
            answer = client.post(
                f"/api/v1/designations/{designation_id}/approve",
                json={"note": "independent benchmark"},
            )
            latencies.append(time.perf_counter() - t0)
            if answer.status_code != 200:
                refused[answer.status_code] += 1
        total_s = time.perf_counter() - start
        client.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    latencies.sort()
    return {
        "proposals": len(ids),
        "approved": len(ids) - sum(refused.values()),
        "refused": dict(refused),
        "list_s": round(listed_s, 2),
        "total_s": round(total_s, 2),
        "per_approval_ms": round(1000 * (total_s - listed_s) / max(1, len(ids)), 1),
        "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1)
        if latencies
        else None,
    }


# --- scoring ------------------------------------------------------------------------------------
def outcome(
    category: Category, sample: Sample, result: dict[str, Any], world: World
) -> dict[str, Any]:
    """What one screening gave, judged against what was expected."""
    hits = sorted(result.get("hits", []), key=lambda h: -h["score"])
    reviewed = [h for h in hits if h["status"] != "below_threshold"]
    target = lambda h: h["designated_entity"]["ftm_id"] in sample.expected  # noqa: E731
    row: dict[str, Any] = {
        "category": category.name,
        "group": category.group,
        "positive": category.positive,
        "query": sample.query,
        "subject": sample.subject.caption,
        "expected": [
            {"ftm_id": f, "caption": world.by_fid[f].caption} for f in sorted(sample.expected)
        ],
        "error": result.get("error"),
        "hits": [
            {
                "designated": h["designated_entity"]["caption"],
                "ftm_id": h["designated_entity"]["ftm_id"],
                "matched": h["entity"]["caption"],
                "score": h["score"],
                "status": h["status"],
                "through_link": h["through_link"],
            }
            for h in hits[:3]
        ],
        "form": getattr(sample.subject, "form", ""),
    }
    if category.positive:
        scores = [h["score"] for h in hits if target(h)]
        row |= {
            "found": any(target(h) for h in reviewed),
            "found_any": bool(scores),
            "top1": bool(reviewed) and target(hits[0]),
            "expected_score": max(scores, default=None),
            "other_by_name": any(not target(h) and not h["through_link"] for h in reviewed),
            "other_via_link": any(not target(h) and h["through_link"] for h in reviewed),
        }
    else:
        row |= {"false_positive": bool(reviewed), "top_score": hits[0]["score"] if hits else None}
    return row


def wilson(k: int, n: int) -> tuple[float, float]:
    """95% Wilson interval of a proportion."""
    if n == 0:
        return (0.0, 0.0)
    z, p = 1.96, k / n
    mid = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * (p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5 / (1 + z * z / n)
    return (round(max(0.0, mid - half), 3), round(min(1.0, mid + half), 3))


def share(rows: list[dict[str, Any]], name: str) -> float | None:
    return round(sum(bool(r[name]) for r in rows) / len(rows), 3) if rows else None


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Figures per category, per group and overall."""
    per_category = []
    for category in CATEGORIES:
        mine = [r for r in rows if r["category"] == category.name]
        entry: dict[str, Any] = {
            "category": category.name,
            "group": category.group,
            "positive": category.positive,
            "n": len(mine),
            "note": category.note,
            "hard": category.hard,
            "errors": sum(bool(r["error"]) for r in mine),
        }
        if category.positive:
            scores = [r["expected_score"] for r in mine if r["expected_score"] is not None]
            entry |= {
                "recall": share(mine, "found"),
                "recall_any_score": share(mine, "found_any"),
                "top1": share(mine, "top1"),
                "other_by_name_rate": share(mine, "other_by_name"),
                "other_via_link_rate": share(mine, "other_via_link"),
                "median_expected_score": round(statistics.median(scores), 3) if scores else None,
            }
            entry["badness"] = 1 - (entry["recall"] or 0)
        else:
            tops = [r["top_score"] for r in mine if r["top_score"] is not None]
            entry |= {
                "false_positive_rate": share(mine, "false_positive"),
                "max_top_score": max(tops, default=None),
            }
            entry["badness"] = entry["false_positive_rate"] or 0
        per_category.append(entry)
    positives = [r for r in rows if r["positive"]]
    negatives = [r for r in rows if not r["positive"]]
    groups = {}
    for group in dict.fromkeys(c.group for c in CATEGORIES):
        mine = [r for r in rows if r["group"] == group]
        key_ = "found" if mine and mine[0]["positive"] else "false_positive"
        groups[group] = {
            "n": len(mine),
            ("recall" if key_ == "found" else "false_positive_rate"): share(mine, key_),
        }
    forms = {}
    for group in ("person zh", "company cn"):
        for form in sorted({r["form"] for r in positives if r["group"] == group}):
            mine = [r for r in positives if r["group"] == group and r["form"] == form]
            forms[f"{group}, listed {form}"] = {
                "n": len(mine),
                "recall": share(mine, "found"),
                "top1": share(mine, "top1"),
            }
    found = sum(r["found"] for r in positives)
    fps = sum(r["false_positive"] for r in negatives)
    recalls = [c["recall"] for c in per_category if c["positive"] and c["n"]]
    hard = {c.name for c in CATEGORIES if c.hard}
    plain_rows = [r for r in positives if r["category"] not in hard]
    return {
        "overall": {
            "variant_queries": len(positives),
            "recall": share(positives, "found"),
            "recall_ci95": wilson(found, len(positives)),
            "recall_macro": round(sum(recalls) / len(recalls), 3),
            "recall_without_translation": share(plain_rows, "found"),
            "recall_any_score": share(positives, "found_any"),
            "top1": share(positives, "top1"),
            "other_by_name_rate": share(positives, "other_by_name"),
            "other_via_link_rate": share(positives, "other_via_link"),
            "lookalike_queries": len(negatives),
            "false_positive_rate": share(negatives, "false_positive"),
            "false_positive_ci95": wilson(fps, len(negatives)),
            "refused_lines": sum(bool(r["error"]) for r in rows),
        },
        "groups": groups,
        "list_forms": forms,
        "categories": per_category,
    }


def failures(
    rows: list[dict[str, Any]], summary: dict[str, Any], worst: int = 5
) -> list[dict[str, Any]]:
    """The worst categories, each with up to three of its failed queries."""
    candidates = [c for c in summary["categories"] if c["n"] and c["badness"] and not c["hard"]]
    ranked = sorted(candidates, key=lambda c: -c["badness"])[:worst]
    out = []
    for c in ranked:
        failed = [
            r
            for r in rows
            if r["category"] == c["category"]
            and (r.get("false_positive") or r.get("found") is False)
        ]
        out.append({**c, "examples": failed[:3]})
    return out


# --- report -------------------------------------------------------------------------------------
def show_query(q: Query) -> str:
    name = q.get("name") or f"{q.get('family_name', '')} / {q.get('given_name', '')}"
    extra = [
        f"{k}={q[k]}"
        for k in (
            "birth_date",
            "nationality",
            "passport_number",
            "jurisdiction",
            "registration_number",
            "iata_code",
            "icao_code",
        )
        if q.get(k)
    ]
    return f"`{name}`" + (f" ({', '.join(extra)})" if extra else "")


def show_hits(row: dict[str, Any]) -> str:
    if row["error"]:
        return f"refused: {row['error']}"
    if not row["hits"]:
        return "no hit"
    return "; ".join(
        f"{h['designated']} {h['score']:.2f} {h['status']}"
        + (" via link" if h["through_link"] else "")
        for h in row["hits"][:2]
    )


def pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def cells(*values: Any) -> str:
    """One row of a Markdown table."""
    return "| " + " | ".join(str(v) for v in values) + " |"


def markdown(report: dict[str, Any]) -> str:
    o, t, d, run = (report["summary"]["overall"], report["times"], report["data"], report["run"])
    a = t["approval"]
    per_line = 1000 * t["import_s"] / d["lines"]
    lines = [
        "# Screening judged from outside (independent data)",
        "",
        "Written without reading the engine: names, romanisations (Wade-Giles, Taiwanese "
        "passports, Hong Kong Cantonese), legal forms and error models are this script's own "
        "([bench/screening_independent.py](../screening_independent.py)); everything goes "
        "through `readmit designations import`, the approval API on `readmit serve` and "
        "`readmit screen` in a fresh READMIT_HOME (SQLite).",
        "",
        f"Command: `{report['command']}`",
        "",
        f"Run {run['date']} on {run['cores']} cores, commit {run['commit']} "
        f"({run['uncommitted_src_files']} uncommitted files under src/), load average "
        f"{run['load_start']} at the start, {run['load_end']} at the end; review threshold "
        f"{run['threshold']}; whole run {t['total_s']:.0f} s.",
        "",
        "## Data",
        "",
        f"{d['lines']:,} FollowTheMoney lines: {d['persons']:,} people (Chinese, "
        f"Spanish-language and English names), {d['companies']:,} companies, {d['links']:,} "
        f"Directorship/Ownership links, {d['sanctions']:,} Sanctions ({d['designated_persons']:,}"
        f" people and {d['designated_companies']:,} companies designated). "
        f"{o['variant_queries']} variant and link queries, {o['lookalike_queries']} look-alikes.",
        "",
        "## Times",
        "",
        cells("Step", "Wall time", "Per item"),
        cells("---", "---:", "---:"),
        cells("`readmit demo --seed-only`", f"{t['demo_s']:.1f} s", ""),
        cells(
            "`readmit designations import`", f"{t['import_s']:.1f} s", f"{per_line:.2f} ms a line"
        ),
        cells(
            f"approval through the API ({a['proposals']:,} calls, one each)",
            f"{a['total_s']:.1f} s",
            f"{a['per_approval_ms']} ms (p95 {a['p95_ms']} ms)",
        ),
        cells("`readmit screen` of one query (start-up)", f"{t['probe_s']:.1f} s", ""),
        cells(
            "`readmit screen` of the batch",
            f"{t['screen_s']:.1f} s",
            f"{t['per_query_ms']:.0f} ms a query "
            f"({t['per_query_ms_without_startup']:.0f} ms without start-up)",
        ),
        "",
        f"Import said: {report['import_output']}",
        "",
        f"Approvals: {a['approved']:,} of {a['proposals']:,} proposals"
        + (f", refused {a['refused']}" if a["refused"] else "")
        + ".",
        "",
        "## Overall",
        "",
        cells("Figure", "Value", "95% interval"),
        cells("---", "---:", "---:"),
        cells(
            "Recall at the threshold (variants and links)", pct(o["recall"]), ci(o["recall_ci95"])
        ),
        cells("Recall, mean of the categories", pct(o["recall_macro"]), ""),
        cells(
            "Recall without the translated Chinese trade names",
            pct(o["recall_without_translation"]),
            "",
        ),
        cells("Recall at any score (below the threshold too)", pct(o["recall_any_score"]), ""),
        cells("Top-1 (best hit is the expected entity, at the threshold)", pct(o["top1"]), ""),
        cells(
            "Variant queries that also raise another designated entity by name",
            pct(o["other_by_name_rate"]),
            "",
        ),
        cells(
            "… or another one through links (e.g. a director shared with it)",
            pct(o["other_via_link_rate"]),
            "",
        ),
        cells(
            "False-positive rate of look-alikes",
            pct(o["false_positive_rate"]),
            ci(o["false_positive_ci95"]),
        ),
        cells("Lines refused by `readmit screen`", o["refused_lines"], ""),
        "",
        "## By group and list form",
        "",
        cells("Group", "n", "Recall (look-alikes: false positives)"),
        cells("---", "---:", "---:"),
    ]
    for group, g in report["summary"]["groups"].items():
        lines.append(cells(group, g["n"], pct(g.get("recall", g.get("false_positive_rate")))))
    for form, g in report["summary"]["list_forms"].items():
        lines.append(cells(form, g["n"], f"{pct(g['recall'])} (top-1 {pct(g['top1'])})"))
    lines += [
        "",
        "## By category",
        "",
        "Recall: the expected entity among the hits at the threshold. Other by name / via link: "
        "queries that also raised another designated entity at the threshold, by its own name "
        "or through links from the matched entity.",
        "",
        cells("Group", "Category", "n", "Recall", "Any score", "Top-1", "Median score")
        + " Other by name | Other via link | Example |",
        cells(*["---"] * 2, *["---:"] * 7, "---"),
    ]
    for c in report["summary"]["categories"]:
        if c["positive"]:
            median = c["median_expected_score"] or "–"
            lines.append(
                cells(c["group"], c["category"], c["n"], pct(c["recall"]))
                + cells(pct(c["recall_any_score"]), pct(c["top1"]), median)[1:]
                + cells(pct(c["other_by_name_rate"]), pct(c["other_via_link_rate"]), c["note"])[1:]
            )
    lines += [
        "",
        cells("Look-alike (no hit expected)", "n", "False positives", "Highest score", "Example"),
        cells("---", "---:", "---:", "---:", "---"),
    ]
    for c in report["summary"]["categories"]:
        if not c["positive"]:
            top = c["max_top_score"] or "–"
            lines.append(
                cells(c["category"], c["n"], pct(c["false_positive_rate"]), top, c["note"])
            )
    lines += [
        "",
        "## The five worst categories",
        "",
        "Ranked by missed variants or false positives; cn_co_trade_name_translated (an English "
        "translation of the trade name, which no matcher finds without a dictionary) is left out.",
        "",
    ]
    for c in report["worst"]:
        figure = (
            f"recall {pct(c['recall'])}"
            if c["positive"]
            else f"false positives {pct(c['false_positive_rate'])}"
        )
        lines += [f"### {c['category']} ({figure}, n={c['n']})", ""]
        for r in c["examples"]:
            wanted = ", ".join(e["caption"] for e in r["expected"])
            wanted = wanted or f"no hit (made from {r['subject']})"
            lines.append(f"- {show_query(r['query'])} → expected {wanted}; got {show_hits(r)}")
        lines.append("")
    return "\n".join(lines)


def ci(bounds: tuple[float, float]) -> str:
    return f"{pct(bounds[0])}–{pct(bounds[1])}"


def git(*args: str) -> str:
    done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--entities", type=int, default=50_000, help="FollowTheMoney lines of the list"
    )
    parser.add_argument("--queries", type=int, default=600)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the temporary READMIT_HOME")
    args = parser.parse_args()
    started, load_start = time.perf_counter(), os.getloadavg()
    home = Path(tempfile.mkdtemp(prefix="readmit-screening-independent-"))
    env = {**os.environ, "READMIT_HOME": str(home)}
    env.pop("READMIT_DATABASE_URL", None)
    try:
        demo_s, out, _ = cli(env, "demo", "--seed-only", "--json")
        users = json.loads(out[out.index("[") :])
        email = {u["role"]: u for u in users if u["state"] == STATE}
        rng = random.Random(args.seed)
        world = build_world(rng, args.entities)
        list_file = home / "designations.jsonl"
        list_file.write_text(
            "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in world.lines),
            encoding="utf-8",
        )
        print(f"{len(world.lines):,} lines written; importing…", file=sys.stderr)
        import_s, *import_out = cli(
            env,
            "designations",
            "import",
            str(list_file),
            "--state",
            STATE,
            "--as",
            email["analyst"]["email"],
        )
        print(f"imported in {import_s:.1f} s; approving…", file=sys.stderr)
        approval = approve_all(env, home, email["supervisor"]["api_token"])
        print(
            f"approved {approval['approved']} in {approval['total_s']} s; screening…",
            file=sys.stderr,
        )
        samples = make_queries(world, random.Random(args.seed + 1), args.queries)
        query_file, result_file = home / "queries.jsonl", home / "results.jsonl"
        query_file.write_text(
            "".join(
                json.dumps({**s.query, "reference": f"q{i:05d}"}, ensure_ascii=False) + "\n"
                for i, (_, s) in enumerate(samples)
            ),
            encoding="utf-8",
        )
        probe = home / "probe.jsonl"
        probe.write_text(
            json.dumps({"kind": "person", "name": "Probe Startup", "reference": "probe"}) + "\n"
        )
        probe_s, *_ = cli(
            env,
            "screen",
            str(probe),
            str(home / "probe-out.jsonl"),
            "--as",
            email["case_officer"]["email"],
            ok=(0, 2),
        )
        screen_s, *_ = cli(
            env,
            "screen",
            str(query_file),
            str(result_file),
            "--as",
            email["case_officer"]["email"],
            ok=(0, 2),
        )
        results = [
            json.loads(line)
            for line in result_file.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        results.sort(key=lambda r: r.get("line", 0))
        if len(results) != len(samples):
            raise SystemExit(f"{len(results)} results for {len(samples)} queries")
        rows = [outcome(c, s, r, world) for (c, s), r in zip(samples, results, strict=True)]
    finally:
        if not args.keep:
            shutil.rmtree(home, ignore_errors=True)
        else:
            print(f"kept {home}", file=sys.stderr)
    summary = summarise(rows)
    schemas = Counter(line["schema"] for line in world.lines)
    command = "flock /tmp/readmit-bench.lock .venv/bin/python bench/screening_independent.py"
    command += f" --entities {args.entities} --queries {args.queries} --seed {args.seed}"
    report: dict[str, Any] = {
        "command": command,
        "run": {
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "cores": os.cpu_count(),
            "commit": git("rev-parse", "--short", "HEAD"),
            "uncommitted_src_files": len(git("status", "--porcelain", "--", "src").splitlines()),
            "load_start": [round(x, 2) for x in load_start],
            "load_end": [round(x, 2) for x in os.getloadavg()],
            "threshold": os.environ.get("READMIT_SCREENING_THRESHOLD", "0.7 (default)"),
        },
        "data": {
            "lines": len(world.lines),
            "persons": schemas["Person"],
            "companies": schemas["Company"],
            "links": schemas["Directorship"] + schemas["Ownership"],
            "sanctions": schemas["Sanction"],
            "designated_persons": sum(p.designated for p in world.persons),
            "designated_companies": sum(c.designated for c in world.companies),
        },
        "times": {
            "demo_s": round(demo_s, 2),
            "import_s": round(import_s, 2),
            "approval": approval,
            "probe_s": round(probe_s, 2),
            "screen_s": round(screen_s, 2),
            "queries": len(rows),
            "per_query_ms": round(1000 * screen_s / len(rows), 1),
            "per_query_ms_without_startup": round(
                1000 * max(0.0, screen_s - probe_s) / max(1, len(rows) - 1), 1
            ),
            "total_s": round(time.perf_counter() - started, 1),
        },
        "import_output": " ".join(" ".join(import_out).split())[-400:],
        "summary": summary,
        "worst": failures(rows, summary),
        "queries": rows,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "screening_independent.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    (RESULTS / "screening_independent.md").write_text(markdown(report) + "\n", encoding="utf-8")
    o = summary["overall"]
    print(
        f"recall {pct(o['recall'])}, top-1 {pct(o['top1'])}, "
        f"look-alike false positives {pct(o['false_positive_rate'])}, "
        f"{report['times']['per_query_ms']} ms a query; bench/results/screening_independent.md",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
