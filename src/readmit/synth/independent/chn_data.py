"""China: provinces, emigration weights and given-name pools (facts, with sources)."""

from __future__ import annotations

# Provinces (first two digits of GB/T 2260): pinyin name as a foreign officer writes it,
# older postal spellings still seen in records (Fukien, Kwangtung…), and 2020 census
# population in millions (National Bureau of Statistics, 7th census communiqué; rounded).
PROVINCES: dict[str, tuple[str, tuple[str, ...], float]] = {
    "11": ("Beijing", ("Peking",), 21.9),
    "12": ("Tianjin", ("Tientsin",), 13.9),
    "13": ("Hebei", (), 74.6),
    "14": ("Shanxi", (), 34.9),
    "15": ("Inner Mongolia", ("Nei Mongol",), 24.0),
    "21": ("Liaoning", (), 42.6),
    "22": ("Jilin", (), 24.1),
    "23": ("Heilongjiang", (), 31.9),
    "31": ("Shanghai", (), 24.9),
    "32": ("Jiangsu", ("Kiangsu",), 84.7),
    "33": ("Zhejiang", ("Chekiang",), 64.6),
    "34": ("Anhui", ("Anhwei",), 61.0),
    "35": ("Fujian", ("Fukien",), 41.5),
    "36": ("Jiangxi", ("Kiangsi",), 45.2),
    "37": ("Shandong", ("Shantung",), 101.5),
    "41": ("Henan", ("Honan",), 99.4),
    "42": ("Hubei", ("Hupeh",), 57.8),
    "43": ("Hunan", (), 66.4),
    "44": ("Guangdong", ("Kwangtung", "Canton"), 126.0),
    "45": ("Guangxi", ("Kwangsi",), 50.1),
    "46": ("Hainan", (), 10.1),
    "50": ("Chongqing", ("Chungking",), 32.1),
    "51": ("Sichuan", ("Szechwan",), 83.7),
    "52": ("Guizhou", ("Kweichow",), 38.6),
    "53": ("Yunnan", (), 47.2),
    "54": ("Tibet", ("Xizang",), 3.6),
    "61": ("Shaanxi", ("Shensi",), 39.5),
    "62": ("Gansu", ("Kansu",), 25.0),
    "63": ("Qinghai", (), 5.9),
    "64": ("Ningxia", (), 7.2),
    "65": ("Xinjiang", ("Sinkiang",), 25.9),
}

# Postal spellings of a few emigrant prefectures/cities (Foochow, Amoy, Swatow, Canton…).
POSTAL_CITIES: dict[str, str] = {
    "福州": "Foochow",
    "厦门": "Amoy",
    "汕头": "Swatow",
    "广州": "Canton",
    "泉州": "Chuanchow",
    "温州": "Wenchow",
    "台山": "Toishan",
    "长乐": "Changlo",
}

# Emigration weights for choosing whom an application is about (not the register itself):
# Fujian (above all Fuzhou prefecture: Fuqing, Changle, Lianjiang), Wenzhou and Lishui
# (Qingtian) in Zhejiang, and Jiangmen (Taishan) in Guangdong have long been the main sources
# of Chinese emigration to the US; recent arrivals come from everywhere (illustrative).
EMIGRATION: dict[str, float] = {
    "35": 5.0, "3501": 3.0, "33": 1.5, "3303": 3.0, "3311": 3.0, "44": 1.5, "4407": 3.0,
}  # fmt: skip

# Given names. Popular whole names by era (MPS 2007 name ranking of 张伟, 王伟, 王芳, 李伟,
# 李娜… for adults; 2019/2020 reports for recent births: 浩宇, 宇轩, 子涵, 一诺, 欣怡…), and
# character pools for composed names, most popular first (Zipf weights).
FIXED_NAMES: dict[tuple[str, str], str] = {
    ("M", "old"): "建国 建华 国庆 建军 卫东 卫国 志强 国强 德明 永福 金山 春生 宝山 志明 建平 "
    "振华 国华 红军 建新 福生",
    ("F", "old"): "秀英 桂英 秀兰 玉兰 桂兰 秀珍 凤英 玉珍 玉梅 淑珍 红梅 桂芳 玉英 秀云 淑英 "
    "凤兰 桂珍 秀芳 玉华 秀梅",
    ("M", "mid"): "志勇 海涛 晓东 建军 立新 晓峰 俊杰 志刚 海峰 文杰 永刚 明辉 志伟 建伟 晓明 "
    "国栋 振宇 晓军 伟东 海波",
    ("F", "mid"): "丽娟 晓燕 海燕 丽华 春梅 婷婷 丹丹 静静 晶晶 倩倩 美玲 晓丽 丽丽 雪梅 晓红 "
    "艳红 秀丽 玉洁 晓静 丽萍",
    ("M", "young"): "浩宇 宇轩 子豪 浩然 俊杰 子轩 梓豪 宇航 博文 皓轩 子墨 一鸣 天佑 浩轩 "
    "明轩 奕辰 宇辰 亦辰 梓睿 俊熙",
    ("F", "young"): "欣怡 梓涵 子涵 雨涵 诗涵 梦瑶 一诺 可欣 思涵 雨桐 佳怡 欣妍 语桐 紫涵 "
    "梓萱 诗琪 依诺 语汐 梦琪 可馨",
}
SINGLE_CHARS: dict[str, str] = {
    "M": "伟 勇 军 磊 强 涛 斌 杰 超 鹏 明 刚 平 辉 波 华 浩 宇 飞 鑫 俊 健 亮 峰 林 龙 凯 帅 "
    "阳 东 彬 旭 博 晨 毅 兵 坤 锋 建 鸣 翔 锐 威 松 海 山 岩 捷 骏 琦 雷 楠 宁 昊 伦 振 彪 "
    "骁 炜 玮 晖 坚 钢 铭 诚 政 睿 哲 凡 帆 铮 皓 瑞 嘉 昕 然 航 豪 轩 霖 泽 源 洋 江 森 盛 "
    "旺 兴 荣 发 贵 福 才 忠 武 文 全 胜 利 安 宾 庆 敏 星 彤 乾 恒 键",
    "F": "芳 静 敏 丽 娜 艳 娟 霞 燕 玲 萍 红 梅 莉 婷 雪 琳 洁 颖 倩 丹 晶 慧 佳 蕾 欣 悦 琴 "
    "薇 瑶 娇 莹 媛 妍 玉 岚 虹 菲 婕 璐 蓉 露 月 青 卉 蓓 佩 娅 娴 婉 婧 嫣 妮 姗 姝 婵 漫 "
    "潇 灵 琪 瑛 瑜 瑾 甜 秋 竹 纯 素 荷 菁 萌 蕊 雯 霏 韵 馨 鹃 凤 兰 英 珍 芸 茹 晴 曦 莎 "
    "怡 俐 婷 丽 琼 珊 黎 杉 萱 茵 苗 芬 君 宁 楠 影 翠 彦",
}
FIRST_CHARS: dict[str, str] = {
    "M": "志 建 国 俊 子 宇 浩 晓 文 永 海 家 明 伟 立 天 春 德 振 嘉 一 思 博 泽 梓 金 玉 成 "
    "世 士 光 新 兴 庆 学 忠 红 佳 鹏 昊 少 宏 云 晨 锦 奕 亦 皓 俊 泓 瑞 睿 卫 向 东 红 爱 "
    "中 宝 长 福 荣 益 运 耀 汉 鸿 敬 开 兆 秋 启 智 君 仁 炳 绍",
    "F": "秀 桂 玉 丽 美 晓 春 海 小 雪 欣 佳 雨 梓 子 思 诗 紫 婉 雅 慧 梦 静 淑 凤 金 红 艳 "
    "丹 晶 文 冬 一 心 月 明 彩 素 琳 若 依 巧 翠 爱 碧 素 惠 娟 婷 琪 语 可 亦 梅 兰 芳 桂 "
    "瑞 宝 曼 舒 嘉 冰 夏 秋 香 银 雯 芝 嫣 怡 燕 艺 颖 馨 沐 安",
}
SECOND_CHARS: dict[str, str] = {
    "M": "明 华 强 军 伟 杰 龙 平 辉 峰 斌 成 东 波 林 涛 鹏 宇 轩 豪 然 航 博 睿 阳 飞 勇 刚 "
    "生 荣 福 兴 国 文 亮 超 磊 涵 鑫 凯 彬 坤 良 发 才 武 山 民 清 安 泽 辰 熙 晨 铭 浩 瀚 "
    "翔 锋 鸣 健 俊 毅 新 权 松 旭 海 江 春 光 贵 宁 昌 忠 德 钧 坚 恒 远 哲 楠 森 奇 军",
    "F": "英 兰 珍 芳 华 梅 红 霞 燕 丽 娟 玲 婷 琳 怡 涵 萱 琪 妍 彤 瑶 雯 蕾 洁 慧 莹 颖 悦 "
    "婧 琴 云 凤 萍 秀 娜 静 敏 雪 倩 璐 菲 佳 欣 月 艳 莉 茹 蓉 诺 汐 桐 萌 蕊 薇 菁 婕 嘉 "
    "宁 君 仙 香 枝 荣 珠 凤 清 妮 姣 娇 玉 容 音 韵 曦 晴 茜 竹 岚 媛 瑾",
}
# Generation names: siblings often share one character of a two-character name (字辈).
GENERATION_CHARS = "建 国 志 家 永 德 文 明 海 春 玉 秀 晓 金 少 世 学 俊 宏 嘉 思 子"

# Western given names some Chinese emigrants adopt (a "western alias").
WESTERN_NAMES: dict[str, str] = {
    "M": "Kevin David Michael Jack Tony Peter Jason Eric Johnny William Andy Jimmy Leo Frank Alex",
    "F": "Lucy Amy Jenny Linda Grace Helen Cindy Coco Vivian Angela Emily Sophie Irene Anna Mary",
}
