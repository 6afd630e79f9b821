"""An invented corpus of short union news, for the page's tests at scale: made-up districts,
streets, unions, companies and people put together from a few templates (no real article's text,
no real person's or company's name); the same seed gives the same corpus."""

from __future__ import annotations

import random
from pathlib import Path

DISTRICTS = ["青岚区", "柏川区", "云溪区", "松湖区", "金原区", "梧桐区", "临泽区", "望江区"]
STREETS = ["杏林", "石桥", "兰亭", "槐荫", "北塘", "清河湾", "枫林", "南苑", "沙洲", "新桥", "东湖", "竹园"]
COMMUNITIES = ["春晖", "和园", "锦绣", "翠微", "康乐", "福安", "明德", "乐居", "长青", "安泰"]
FIRMS = ["瑞丰", "恒晟", "华拓", "博远", "嘉禾", "联创", "鼎泰", "宏图", "启明", "致远", "安澜", "星河"]
TRADES = ["科技有限公司", "建设集团有限公司", "物流有限公司", "电子有限公司", "食品有限公司"]
EVENTS = [
    "职工运动会",
    "职工技能大赛",
    "劳模座谈会",
    "职工书画展",
    "安全生产知识竞赛",
    "职工健步走活动",
    "困难职工帮扶活动",
    "新就业形态劳动者服务月活动",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏"
GIVEN = "建国志强海燕秀英晓明丽华春梅宏伟子涵雨桐俊杰文博思远佳怡欣然浩宇诗琪明轩梓萱"
POSTS = ["主席", "副主席", "常务副主席"]


def _people(rnd: random.Random, n: int) -> list[str]:
    names: set[str] = set()
    while len(names) < n:
        names.add(rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2)))))
    out = sorted(names)
    rnd.shuffle(out)
    return out


def write_corpus(folder: Path, n: int = 200, seed: int = 17) -> Path:
    """``n`` invented articles in ``folder``, one plain .txt file each (its first line the title),
    so a build lists ``n`` sources: a district's union holds an event in a street, a company's union
    chair speaks, sometimes a worker from a community is quoted, a reporter signs."""
    rnd = random.Random(seed)
    people = _people(rnd, 260)
    reporters, people = people[:12], people[12:]
    chairs = {(d, p): people.pop() for d in DISTRICTS for p in POSTS}  # a union's officers stay
    firms = sorted({d[:2] + rnd.choice(FIRMS) + rnd.choice(TRADES) for d in DISTRICTS for _ in range(5)})
    bosses = {firm: people.pop() for firm in firms}
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        district = rnd.choice(DISTRICTS)
        street = rnd.choice(STREETS) + "街道"
        firm = rnd.choice([x for x in firms if x.startswith(district[:2])])
        event = rnd.choice(EVENTS)
        if rnd.random() < 0.4:
            event = f"第{rnd.randint(1, 9)}届{event}"
        post = rnd.choice(POSTS)
        text = (
            f"本报讯 (记者 {rnd.choice(reporters)}) {rnd.randint(1, 28)}日,{district}总工会在{street}"
            f"举办{event},{district}总工会{post}{chairs[district, post]}出席并讲话。"
        )
        if rnd.random() < 0.6:
            text += f"{firm}工会主席{bosses[firm]}介绍,公司今年组织职工参加培训{rnd.randint(3, 40)}次。"
        else:
            text += f"{firm}{rnd.randint(20, 300)}名职工参加了活动。"
        if rnd.random() < 0.3:
            worker = rnd.choice(people)
            text += f"来自{street}{rnd.choice(COMMUNITIES)}社区的职工{worker}说,活动让大家增长了本领。"
        title = f"{district}总工会举办{event}"
        (folder / f"{i:03d}-{title}.txt").write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    return folder
