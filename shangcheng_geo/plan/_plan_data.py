"""Plan elements, sites and indicators as stated in the district's planning documents.

Facts only (names, roles, programme status, figures), each with a citation: the seed file and
its section or line. Locations are not here: they come from the embedded ``places`` anchors and
``stations`` (see :mod:`shangcheng_geo.plan`), or from the user.

Citations name the planning documents by file:

* ``14th`` -- 003_d5cc40613ea0b968.txt: the district's 14th Five-Year Plan outline
  (上城区国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要)
* ``15th`` -- 001_e6afd57d64b0ab79.txt: report on the 15th Five-Year Plan proposal (early 2026)
* ``2021`` -- 000_df39bb519af600dd.txt: report on the first Party congress of the new district
* ``2022`` -- 002_8623b8e9dc9e9b67.txt: 2022 government work report coverage
* ``2024`` -- 004_e5e3a2ae0d178eb4.txt: 2024 industry report
"""

from __future__ import annotations

DOC_14TH = "003_d5cc40613ea0b968.txt"
DOC_15TH = "001_e6afd57d64b0ab79.txt"
DOC_2021 = "000_df39bb519af600dd.txt"
DOC_2022 = "002_8623b8e9dc9e9b67.txt"
DOC_2024 = "004_e5e3a2ae0d178eb4.txt"

# the documents' titles, for citations a reader can follow without the file ids
DOC_TITLES = {
    DOC_14TH: "《杭州市上城区国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要》",
    DOC_15TH: "上城区“十五五”规划建议的说明 (15th Five-Year Plan proposal, early 2026)",
    DOC_2021: "上城区第一次党代会报告 (first Party congress of the new district, Dec 2021)",
    DOC_2022: "上城区2022年政府工作报告 (2022 government work report)",
    DOC_2024: "上城区2024“产业突破年”报道 (2024 industry report)",
}

VERSIONS = {
    "14th": {
        "title_zh": "“十四五”规划：一轴引领、双核驱动、五星辉映",
        "title_en": "14th Five-Year Plan (2021-2025): one axis, two cores, five stars",
        "period": "2021-2025",
        "citation": f"{DOC_14TH}, 第二章 优化城区发展新格局",
    },
    "15th-proposal": {
        "title_zh": "“十五五”规划建议：三核 + 五个片区",
        "title_en": "15th Five-Year Plan proposal (2026-2030): three cores and five areas",
        "period": "2026-2030",
        "citation": f"{DOC_15TH}, line 100",
    },
}

# element_id -> facts. `concept` links the same place across plan versions; `anchors` are
# plan_element ids in the places layer (column given by the version) and station names.
ELEMENTS: list[dict[str, object]] = [
    {
        "element_id": "axis:qiantang_riverfront",
        "version": "14th",
        "element_type": "axis",
        "concept": "qiantang_riverfront",
        "name_zh": "一轴：钱塘江黄金岸线",
        "name_en": "Axis: Qiantang golden riverfront",
        "role_zh": "以19公里钱塘江黄金岸线为主轴，构建职住平衡、产城人融合的世界级滨水活力区",
        "citation": f"{DOC_14TH}, 第二章第一节 一轴引领",
    },
    {
        "element_id": "core:qianjiang_new_city",
        "version": "14th",
        "element_type": "core",
        "concept": "qianjiang_new_city",
        "name_zh": "钱江新城国际总部发展核",
        "name_en": "Qianjiang New City international headquarters core",
        "role_zh": "浙江省大湾区总部经济中心、长三角南翼金融中心、国际文体会展中心",
        "citation": f"{DOC_14TH}, 第二章第二节 双核驱动 (line 134: 加快推进钱江新城二期建设, "
        "五堡TOD国际交流中心, 七堡国际社区)",
        # the core includes 钱江新城二期: its TOD at 五堡 and 七堡 are anchors too
        "stations": ["五堡", "七堡"],
        "includes": ["qianjiang_new_city_phase2"],
    },
    {
        "element_id": "core:hubin",
        "version": "14th",
        "element_type": "core",
        "concept": "hubin",
        "name_zh": "湖滨国际时尚消费核",
        "name_en": "Hubin international fashion and consumption core",
        "role_zh": "湖滨商圈能级提升，湖滨步行街打造国际商业大街，“数智时尚消费第一区”",
        "citation": f"{DOC_14TH}, 第二章第二节 双核驱动",
    },
    {
        "element_id": "star:southern_song_imperial_city",
        "version": "14th",
        "element_type": "star",
        "concept": "southern_song_imperial_city",
        "name_zh": "文化传承之星（南宋皇城）",
        "name_en": "Star of cultural heritage (Southern Song imperial city)",
        "role_zh": "依托南宋皇城大遗址保护开发和宋韵文化传承发展",
        "citation": f"{DOC_14TH}, 第二章第三节 五星辉映",
        "note": "德寿宫 (the heritage project the plan names) has no open anchor point",
    },
    {
        "element_id": "star:wangjiang_new_town",
        "version": "14th",
        "element_type": "star",
        "concept": "wangjiang_new_town",
        "name_zh": "高端服务之星（望江新城）",
        "name_en": "Star of high-end services (Wangjiang New Town)",
        "role_zh": "依托杭港高端服务业示范区，打造“杭港合作高地、全球互联客厅”",
        "citation": f"{DOC_14TH}, 第二章第三节 五星辉映",
    },
    {
        "element_id": "star:east_station_hub",
        "version": "14th",
        "element_type": "star",
        "concept": "east_station_hub",
        "name_zh": "商务数智之星（枢纽新城）",
        "name_en": "Star of digital business (East Station hub)",
        "role_zh": "依托东站枢纽商务区，打造长三角南翼站城融合综合枢纽",
        "citation": f"{DOC_14TH}, 第二章第三节 五星辉映",
        "stations": ["火车东站", "火车东站（东广场）"],
    },
    {
        "element_id": "star:qiantang_smart_city",
        "version": "14th",
        "element_type": "star",
        "concept": "qiantang_smart_city",
        "name_zh": "创新活力之星（钱塘智慧城）",
        "name_en": "Star of innovation (Qiantang Smart City)",
        "role_zh": "依托钱塘智慧城，发展数字时尚、光电智芯",
        "citation": f"{DOC_14TH}, 第二章第三节 五星辉映",
        "note": "one anchor point: the zone (a 1,000 m circle, about 3 km²) stands for a much "
        "larger planned area whose extent is not open; do not read its area as the plan's",
    },
    {
        "element_id": "star:jian_ding_new_town",
        "version": "14th",
        "element_type": "star",
        "concept": "jianqiao_dinglan",
        "name_zh": "共同富裕之星（笕丁新城）",
        "name_en": "Star of common prosperity (Jianqiao-Dinglan New Town)",
        "role_zh": "依托笕桥和丁兰板块，建设“山水智城”，大城北发展的重要一极",
        "citation": f"{DOC_14TH}, 第二章第三节 五星辉映",
    },
    {
        "element_id": "axis15:qiantang_riverfront",
        "version": "15th-proposal",
        "element_type": "axis",
        "concept": "qiantang_riverfront",
        "name_zh": "钱塘江黄金左岸19公里江岸线",
        "name_en": "Qiantang golden left bank, 19 km",
        "role_zh": "沿着钱塘江黄金左岸19公里江岸线展开“三核”“五个片区”",
        "citation": f"{DOC_15TH}, line 100",
    },
    {
        "element_id": "core15:greater_hubin",
        "version": "15th-proposal",
        "element_type": "core",
        "concept": "hubin",
        "name_zh": "大湖滨",
        "name_en": "Greater Hubin core",
        "role_zh": "“三核”之一",
        "citation": f"{DOC_15TH}, line 100",
    },
    {
        "element_id": "core15:qianjiang_new_city",
        "version": "15th-proposal",
        "element_type": "core",
        "concept": "qianjiang_new_city",
        "name_zh": "钱江新城",
        "name_en": "Qianjiang New City core",
        "role_zh": "“三核”之一",
        "citation": f"{DOC_15TH}, line 100",
    },
    {
        "element_id": "core15:qiantang_smart_city",
        "version": "15th-proposal",
        "element_type": "core",
        "concept": "qiantang_smart_city",
        "name_zh": "钱塘智慧城",
        "name_en": "Qiantang Smart City core",
        "role_zh": "“三核”之一（由“十四五”创新活力之星升为核心）",
        "citation": f"{DOC_15TH}, line 100",
        "note": "one anchor point: the zone (a 1,000 m circle, about 3 km²) stands for a much "
        "larger planned area whose extent is not open; do not read its area as the plan's",
    },
    {
        "element_id": "area15:qianjiang_new_city_phase2",
        "version": "15th-proposal",
        "element_type": "area",
        "concept": "qianjiang_new_city_phase2",
        "name_zh": "钱江新城二期片区",
        "name_en": "Qianjiang New City Phase II area",
        "role_zh": "五个片区之一",
        "citation": f"{DOC_15TH}, line 100",
    },
    {
        "element_id": "area15:wangjiang_new_town",
        "version": "15th-proposal",
        "element_type": "area",
        "concept": "wangjiang_new_town",
        "name_zh": "望江新城片区",
        "name_en": "Wangjiang New Town area",
        "role_zh": "五个片区之一；杭罐1958工业遗存变身时尚艺术新坐标",
        "citation": f"{DOC_15TH}, lines 87, 100",
    },
    {
        "element_id": "area15:southern_song_imperial_city",
        "version": "15th-proposal",
        "element_type": "area",
        "concept": "southern_song_imperial_city",
        "name_zh": "南宋皇城片区",
        "name_en": "Southern Song imperial city area",
        "role_zh": "五个片区之一；文脉传承与城市发展深度耦合",
        "places": ["清河坊（河坊街·清河坊四拐角）"],
        "note": "德寿宫, the area's 原点 (001 line 71), has no open anchor point; the zone is "
        "drawn from the star anchor and 清河坊",
        "citation": f"{DOC_15TH}, lines 69, 100",
    },
    {
        "element_id": "area15:around_airport",
        "version": "15th-proposal",
        "element_type": "area",
        "concept": "around_airport",
        "name_zh": "环机场片区",
        "name_en": "Around-the-airport area",
        "role_zh": "五个片区之一",
        "citation": f"{DOC_15TH}, line 100",
    },
    {
        "element_id": "area15:dinglan_gaoting",
        "version": "15th-proposal",
        "element_type": "area",
        "concept": "jianqiao_dinglan",
        "name_zh": "丁兰皋亭片区",
        "name_en": "Dinglan-Gaoting area",
        "role_zh": "五个片区之一；皋亭山下的桃花湖公园承载着生态与诗意",
        "citation": f"{DOC_15TH}, lines 87, 100",
    },
]

# Future communities (未来社区) and renewal examples named in the seeds.
FUTURE_COMMUNITIES: list[dict[str, object]] = [
    {
        "site_id": "fc:shibanqiao",
        "name_zh": "始版桥",
        "name_en": "Shibanqiao",
        "kind": "future_community",
        "subdistrict": None,
        "programme": "全省首批未来社区试点 (first provincial pilot batch)",
        "target_year": 2025,  # 2023年底前初见成效, 2025年基本全面建成
        "citation": f"{DOC_14TH}, line 62, line 85, 专栏6 item 9 (line 216); {DOC_2022}, line 30",
    },
    {
        "site_id": "fc:hehuatang",
        "name_zh": "荷花塘",
        "name_en": "Hehuatang",
        "kind": "future_community",
        "subdistrict": None,
        "programme": "全省首批未来社区试点 (first provincial pilot batch)",
        "target_year": 2025,  # 2023年底前初见成效, 2025年基本全面建成
        "citation": f"{DOC_14TH}, line 62, line 85, 专栏6 item 9 (line 216); {DOC_2022}, line 30",
    },
    {
        "site_id": "fc:yangliujun",
        "name_zh": "杨柳郡",
        "name_en": "Yangliujun",
        "kind": "future_community",
        "subdistrict": "彭埠街道",
        "programme": "省市未来社区试点; 共同富裕基本单元 (2021)",
        "target_year": 2022,  # 2022年底前完成实体场景和线上数字化提升改造
        "citation": f"{DOC_14TH}, line 85, 专栏6 item 9 (line 216); {DOC_2021}, line 73; "
        f"{DOC_2022}, line 30",
    },
    {
        "site_id": "fc:hongmei",
        "name_zh": "红梅",
        "name_en": "Hongmei",
        "kind": "future_community",
        "subdistrict": None,
        "programme": "省市未来社区试点 (provincial/municipal pilot)",
        "target_year": 2022,  # 2022年底前完成实体场景和线上数字化提升改造
        "citation": f"{DOC_14TH}, 专栏6 item 9 (line 216); {DOC_2022}, line 30",
    },
    {
        "site_id": "fc:jingfang",
        "name_zh": "景芳",
        "name_en": "Jingfang",
        "kind": "future_community",
        "subdistrict": None,
        "programme": "省市未来社区试点 (provincial/municipal pilot)",
        "target_year": 2022,  # 2022年底前完成实体场景和线上数字化提升改造
        "citation": f"{DOC_14TH}, line 85, 专栏6 item 9 (line 216); {DOC_2022}, line 30",
        "anchor": "景芳（未来社区）",
    },
    {
        "site_id": "fc:xiaoyingxiang",
        "name_zh": "小营巷",
        "name_en": "Xiaoyingxiang",
        "kind": "future_community",
        "subdistrict": "小营街道",
        "programme": "特色试点 (themed pilot)",
        "target_year": None,
        "citation": f"{DOC_2022}, line 30",
    },
    {
        "site_id": "fc:haiyue_nanxingli",
        "name_zh": "海月南星里",
        "name_en": "Haiyue Nanxingli",
        "kind": "future_community",
        "subdistrict": "南星街道",
        "programme": "特色试点 (themed pilot)",
        "target_year": None,
        "citation": f"{DOC_2022}, line 30",
    },
    {
        "site_id": "renewal:xingong",
        "name_zh": "新工社区",
        "name_en": "Xingong community",
        "kind": "renewal_example",
        "subdistrict": None,
        "programme": "住建部城市更新试点案例 (national renewal case)",
        "target_year": None,
        "citation": f"{DOC_14TH}, line 62",
    },
    {
        "site_id": "renewal:qingtaimen",
        "name_zh": "清泰门社区",
        "name_en": "Qingtaimen community",
        "kind": "renewal_example",
        "subdistrict": None,
        "programme": "老旧小区改造精品项目 (showcase renewal project)",
        "target_year": 2025,
        "citation": f"{DOC_14TH}, 专栏6 基础设施提升工程, item 7 老旧小区改造 (line 216)",
        "anchor": "清泰门（城市更新示例）",
    },
    {
        "site_id": "renewal:fuxing_nanyuan",
        "name_zh": "复兴南苑及南星里",
        "name_en": "Fuxing Nanyuan and Nanxingli",
        "kind": "renewal_example",
        "subdistrict": None,
        "programme": "老旧小区改造精品项目 (showcase renewal project)",
        "target_year": 2025,
        "citation": f"{DOC_14TH}, 专栏6 基础设施提升工程, item 7 老旧小区改造 (line 216)",
    },
]

# 专栏1 of the 14th plan: key projects of the district layout.
KEY_PROJECTS: list[dict[str, object]] = [
    {
        "site_id": "kp:jianghehui",
        "name_zh": "江河汇综合体",
        "name_en": "Jianghehui complex",
        "kind": "key_project",
        "element_id": "core:qianjiang_new_city",
        "citation": f"{DOC_14TH}, 第二章 专栏1 标志性项目, item 1",
        "anchor": "江河汇（江河汇综合体·江河汇流区块）",
    },
    {
        "site_id": "kp:new_world",
        "name_zh": "杭州新世界",
        "name_en": "Hangzhou New World (K11)",
        "kind": "key_project",
        "element_id": "star:wangjiang_new_town",
        "citation": f"{DOC_14TH}, 第二章 专栏1 标志性项目, item 2",
    },
    {
        "site_id": "kp:hangzhou_international_center",
        "name_zh": "杭州国际中心",
        "name_en": "Hangzhou International Center",
        "kind": "key_project",
        "element_id": "core:qianjiang_new_city",
        "citation": f"{DOC_14TH}, 第二章 专栏1 标志性项目, item 3",
    },
    {
        "site_id": "kp:short_video_base",
        "name_zh": "国家(杭州)短视频基地",
        "name_en": "National (Hangzhou) short-video base",
        "kind": "key_project",
        "element_id": None,
        "citation": f"{DOC_14TH}, 第二章 专栏1 标志性项目, item 4",
    },
    {
        "site_id": "kp:xizi_qiantang",
        "name_zh": "西子钱塘·智慧产业综合体",
        "name_en": "Xizi Qiantang smart-industry complex",
        "kind": "key_project",
        "element_id": None,
        "citation": f"{DOC_14TH}, 第二章 专栏1 标志性项目, item 5",
    },
    {
        "site_id": "kp:deshou_palace",
        "name_zh": "德寿宫遗址保护和展示工程暨南宋博物院",
        "name_en": "Deshou Palace site and Southern Song Museum",
        "kind": "key_project",
        "element_id": "star:southern_song_imperial_city",
        "citation": f"{DOC_14TH}, 第二章 专栏1 标志性项目, item 6",
    },
]

INDICATORS: list[dict[str, object]] = [
    {
        "indicator_id": "green_coverage_ratio",
        "name_zh": "城区绿化覆盖率",
        "name_en": "Urban green coverage ratio",
        "unit": "%",
        "baseline": 39.2,
        "baseline_year": 2020,
        "target": 40.5,
        "target_year": 2025,
        "kind": "binding (约束性)",
        "statement_zh": "35 | 城区绿化覆盖率 | % | 39.2 | 40.5 | — | 约束性",
        "citation": f"{DOC_14TH}, 第一章第五节 主要指标表, row 35 (line 124)",
    },
    {
        "indicator_id": "riverfront_length",
        "name_zh": "钱塘江黄金岸线长度",
        "name_en": "Qiantang riverfront length",
        "unit": "km",
        "baseline": 19.0,
        "baseline_year": 2021,
        "target": None,
        "target_year": None,
        "kind": "plan figure",
        "statement_zh": "以19公里钱塘江黄金岸线为主轴",
        "citation": f"{DOC_14TH}, 第二章第一节 (line 131); {DOC_15TH}, line 100",
    },
    {
        "indicator_id": "district_area",
        "name_zh": "辖区面积",
        "name_en": "District area",
        "unit": "km2",
        "baseline": 122.0,
        "baseline_year": 2026,
        "target": None,
        "target_year": None,
        "kind": "plan figure",
        "statement_zh": "上城全域122平方公里",
        "citation": f"{DOC_15TH}, lines 38, 96",
    },
    {
        "indicator_id": "population",
        "name_zh": "实有人口",
        "name_en": "Actual population",
        "unit": "persons",
        "baseline": 1_700_000.0,
        "baseline_year": 2026,
        "target": None,
        "target_year": None,
        "kind": "plan figure",
        "statement_zh": "实有人口突破170万人",
        "citation": f"{DOC_15TH}, line 96",
    },
    {
        "indicator_id": "resident_population_target",
        "name_zh": "常住人口规模",
        "name_en": "Resident population (14th-plan target)",
        "unit": "persons",
        "baseline": None,
        "baseline_year": None,
        "target": 1_470_000.0,
        "target_year": 2025,
        "kind": "expected",
        "statement_zh": "全区常住人口规模达147万左右",
        "citation": f"{DOC_14TH}, 促进人口均衡发展 (line 243)",
    },
    {
        "indicator_id": "metro_800m_coverage_rank",
        "name_zh": "站点800米覆盖率",
        "name_en": "Share within 800 m of a metro station",
        "unit": "rank in Hangzhou",
        "baseline": 1.0,
        "baseline_year": 2020,
        "target": None,
        "target_year": None,
        "kind": "qualitative claim",
        "statement_zh": "站点800米覆盖率居全市第一",
        "citation": f"{DOC_14TH}, 第一章第一节 “十三五”总结回顾 (line 62)",
    },
]


# 14th plan, 专栏 重大项目 item 4 "绿道建设": greenways to upgrade (提升类) and to build (新建类).
# ``along``: the waterway (OSM name) or line the greenway follows, where the plan names one.
_GREENWAY_CITATION = f"{DOC_14TH}, 专栏 重大项目 4. 绿道建设"
GREENWAYS: list[dict[str, object]] = [
    {"name_zh": "钱塘江绿道", "kind": "提升类", "along": "north_bank"},
    {"name_zh": "运河绿道", "kind": "提升类", "along": "京杭大运河"},
    {"name_zh": "新开河绿道", "kind": "提升类", "along": "新开河"},
    {"name_zh": "新塘河绿道", "kind": "提升类", "along": "新塘河"},
    {"name_zh": "贴沙河绿道", "kind": "提升类", "along": "贴沙河"},
    {"name_zh": "上塘河绿道", "kind": "提升类", "along": "上塘河"},
    {"name_zh": "白石港绿道", "kind": "提升类", "along": "白石港"},
    {"name_zh": "新塘路-庆春路绿道", "kind": "新建类", "along": None},
    {"name_zh": "艮山路绿道", "kind": "新建类", "along": None},
    {"name_zh": "东湖路绿道", "kind": "新建类", "along": None},
    {"name_zh": "临丁路绿道", "kind": "新建类", "along": None},
    {"name_zh": "丁兰水景公园绿道", "kind": "新建类", "along": None},
    {"name_zh": "笕桥港绿道", "kind": "新建类", "along": "笕桥港"},
]
for _g in GREENWAYS:
    _g["citation"] = _GREENWAY_CITATION

# 14th plan, 专栏 重大项目 item 2 "公园绿地": parks to build
NEW_PARKS: list[dict[str, object]] = [
    {"name_zh": name, "citation": f"{DOC_14TH}, 专栏 重大项目 2. 公园绿地"}
    for name in ("御道东公园", "水墩公园", "丁桥中央水景公园", "江河汇中央区块公园")
]


def titled(citation: str) -> str:
    """A citation with each document's file id replaced by its title, the id kept after it
    in brackets (for who has the files): ``'《…纲要》 [003_….txt], 第二章…'``."""
    for doc, title in DOC_TITLES.items():
        citation = citation.replace(doc, f"{title} [{doc}]")
    return citation


# the layers' citations read as document titles
for _row in (*ELEMENTS, *GREENWAYS, *NEW_PARKS):
    if isinstance(_row.get("citation"), str):
        _row["citation"] = titled(str(_row["citation"]))
