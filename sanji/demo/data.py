"""The made-up facts of the demo district. Place names follow Qingdao's Shinan district; people,
phone numbers and addresses are invented."""

DISTRICT = "市南区"
#: Shinan's division code (统计用区划代码); the streets' and communities' digits after it are made up.
DISTRICT_CODE = "370202"

#: street -> communities (the first street's first community is the seed story's).
STREETS = {
    "湛山街道": ["仰口路社区", "湛山一路社区", "东海中路社区"],
    "香港中路街道": ["燕儿岛路社区", "南京路社区", "福州南路社区"],
    "八大峡街道": ["团岛社区", "贵州路社区", "嘉祥路社区"],
    "云南路街道": ["单县路社区", "汶上路社区", "云南路社区"],
    "中山路街道": ["天津路社区", "肥城路社区", "中山路社区"],
    "江苏路街道": ["伏龙山社区", "龙山路社区", "江苏路社区"],
    "八大关街道": ["山海关路社区", "荣成路社区", "汇泉湾社区"],
    "金门路街道": ["闽江路社区", "宁夏路社区", "金门路社区"],
    "珠海路街道": ["浮山所社区", "东海东路社区", "珠海路社区"],
    "八大湖街道": ["延安三路社区", "湛流干路社区", "南海支路社区"],
}

#: The pilot sites of the 1+4 model: (street, community, compound, management mode).
PILOT_COMPOUNDS = [
    ("八大湖街道", "延安三路社区", "湾仔小区", "commercial"),
    ("江苏路街道", "伏龙山社区", "伏龙山片区", "scenic_joint"),
    ("云南路街道", "单县路社区", "旌德支路一号", "self_managed"),
]

COMPOUND_SUFFIXES = ["小区", "楼院", "里院"]
ROADS = ["仰口路", "湛山一路", "东海中路", "南京路", "燕儿岛路", "贵州路", "单县路", "天津路", "龙山路", "荣成路",
         "闽江路", "宁夏路", "珠海路", "延安三路", "福州南路", "江苏路", "汇泉路", "莱阳路", "太平角一路", "武胜关路"]

AGENCY_ORGS = ["区教育和体育局机关党委", "区卫生健康局机关党委", "区民政局机关党委", "区城市管理局机关党委",
               "区司法局机关党委", "区人力资源和社会保障局机关党委"]

#: (name, kind, communities served by index into STREETS["湛山街道"] plus extra community names, services)
PARTNER_UNITS = [
    ("青岛大学", "university", ["仰口路社区", "湛山一路社区", "东海中路社区", "燕儿岛路社区"],
     "大学生志愿者课业辅导、心理关爱、文体活动"),
    ("青岛滨海医院", "hospital", ["仰口路社区", "福州南路社区", "天津路社区"], "义诊、就医陪护、健康讲座"),
    ("市南城投物业服务有限公司", "soe", ["延安三路社区", "伏龙山社区", "仰口路社区"], "家居维修、楼院环境整治"),
    ("青岛海晟科技有限公司", "company", ["南京路社区", "湛山一路社区"], "技能培训、就业帮扶"),
]

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
    "余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
)
GIVEN = ["建国", "秀英", "桂兰", "志强", "玉梅", "海燕", "德明", "淑珍", "文华", "晓东", "丽娟", "国庆", "美玲", "振华",
         "春梅", "立新", "凤英", "宏伟", "雪梅", "永军", "金凤", "学文", "慧敏", "子涵", "一鸣", "欣怡", "浩然", "雨桐"]

#: A party member's 报到 profile: (occupation, speciality, duty types he or she offers).
MEMBER_PROFILES = [
    ("中学教师", "数学辅导、作业辅导", ["tutoring"]),
    ("社区医生", "量血压、健康咨询", ["medical_escort", "elder_disability_aid"]),
    ("律师", "法律咨询、邻里协调", ["mediation", "policy_advice"]),
    ("电工", "水电维修、水龙头、灯具", ["home_repair"]),
    ("会计", "低保、社保政策", ["policy_advice"]),
    ("心理咨询师", "心理疏导、陪伴聊天", ["psychological_care", "elder_disability_aid"]),
    ("软件工程师", "智能手机、电脑教学", ["skills_training"]),
    ("护士", "陪同就医、取药", ["medical_escort"]),
    ("厨师", "送餐、物资采买", ["material_aid"]),
    ("人社窗口工作人员", "简历、岗位推荐", ["employment_aid", "policy_advice"]),
]

#: Duty types each partner unit offers, and how many wishes it holds at once.
UNIT_PROFILES = {
    "青岛大学": (["tutoring", "psychological_care", "culture_sports"], 8),
    "青岛滨海医院": (["medical_escort", "elder_disability_aid"], 6),
    "市南城投物业服务有限公司": (["home_repair", "environment"], 10),
    "青岛海晟科技有限公司": (["skills_training", "employment_aid"], 5),
}

#: Wishes waiting on the board of 湛山街道 for the batch dispatch: (community, duty type, text, days ago).
STREET_BACKLOG = [
    ("仰口路社区", "home_repair", "厨房下水道堵了，老人弯不下腰，希望有人帮忙疏通。", 1),
    ("仰口路社区", "tutoring", "孩子小学五年级，英语单词总记不住，希望有大学生辅导。", 2),
    ("仰口路社区", "medical_escort", "每月要去医院开药，腿脚不好，希望有人陪同。", 3),
    ("仰口路社区", "skills_training", "想学会用手机挂号和缴电费。", 2),
    ("湛山一路社区", "home_repair", "卧室的灯不亮了，换灯泡够不着。", 1),
    ("湛山一路社区", "elder_disability_aid", "独居老人，希望每周有人来看看，陪着下楼走走。", 4),
    ("湛山一路社区", "psychological_care", "孩子最近厌学，家长不知道怎么沟通，希望有心理老师聊聊。", 2),
    ("湛山一路社区", "material_aid", "家里困难，孩子冬天缺一件羽绒服。", 3),
    ("湛山一路社区", "employment_aid", "女儿大学毕业还没找到工作，希望有人指导求职。", 5),
    ("东海中路社区", "tutoring", "初三孩子物理薄弱，希望每周辅导一次。", 1),
    ("东海中路社区", "home_repair", "阳台窗户关不严，冬天漏风，希望修一修。", 2),
    ("东海中路社区", "medical_escort", "老伴要做白内障手术，希望有人帮忙陪护半天。", 3),
    ("东海中路社区", "policy_advice", "想问问残疾人两项补贴怎么申请。", 2),
    ("东海中路社区", "culture_sports", "楼里几位老人想学太极拳，希望有人教。", 4),
]

#: (duty type code, wish text) used for the bulk of demo wishes.
WISH_TEXTS = [
    ("tutoring", "孩子上初二，数学跟不上，希望有人每周辅导一次功课。"),
    ("home_repair", "家里卫生间水龙头一直漏水，老两口修不了，希望有人帮忙换一个。"),
    ("home_repair", "楼道里的灯坏了好几天，晚上上下楼看不清，希望帮忙修一下。"),
    ("elder_disability_aid", "老伴卧床，想借一台轮椅推他下楼晒晒太阳。"),
    ("elder_disability_aid", "独自在家，希望每周有人上门陪我说说话、量量血压。"),
    ("material_aid", "冬天快到了，希望能有一床厚棉被。"),
    ("material_aid", "孩子开学需要一个新书包和几本练习册。"),
    ("medical_escort", "下周要去医院复查，子女在外地，希望有人陪同挂号取药。"),
    ("psychological_care", "孩子性格内向，不愿意和人说话，希望有老师帮着开导开导。"),
    ("skills_training", "想学用智能手机视频通话，好和外地的孙子说话。"),
    ("culture_sports", "社区里的老人想组织一个合唱队，希望有人来教唱歌。"),
    ("policy_advice", "想了解低保年审需要准备哪些材料。"),
    ("employment_aid", "刚失业，希望有人帮我写一份简历，推荐一些适合的岗位。"),
    ("mediation", "楼上邻居装修噪音很大，希望社区帮忙协调一下时间。"),
    ("environment", "楼院门口堆了很多杂物，希望组织清理一下。"),
    ("medical_escort", "腿脚不便，希望有人帮忙到医院代取每月的降压药。"),
]

#: Which priority groups a wish of each duty type most often comes from, to pair demo wishes with residents.
LIKELY_GROUPS = {
    "tutoring": {"child"},
    "psychological_care": {"child"},
    "elder_disability_aid": {"elderly", "empty_nest", "disabled"},
    "medical_escort": {"elderly", "empty_nest", "disabled"},
    "home_repair": {"elderly", "empty_nest", "disabled"},
    "skills_training": {"elderly", "empty_nest"},
    "culture_sports": {"elderly", "empty_nest"},
    "material_aid": {"low_income", "child"},
    "policy_advice": {"low_income"},
    "employment_aid": {"low_income"},
}

#: A second priority group that can go with the first in one household.
ALSO_IN = {
    "elderly": ["low_income", "disabled"],
    "child": ["low_income"],
    "low_income": ["disabled"],
    "disabled": ["low_income", "elderly"],
    "empty_nest": ["disabled", "low_income"],
}

#: What the register notes for a household of each priority group (made up): what a helper must know.
CARE_NOTES = {
    "elderly": ["高血压，需按时服药", "耳背，说话请大声些", "腿脚不便，少下楼", "糖尿病，饮食需清淡"],
    "low_income": ["低保户，家中无固定收入", "低保户，靠低保金和零工维持", "低保边缘户，医药费负担重"],
    "disabled": ["右腿残疾，出行需轮椅", "视力残疾二级，需有人引路", "听力残疾，可用文字交流"],
    "empty_nest": ["独居，子女在外地工作", "老两口同住，子女不在青岛"],
    "child": ["孩子读小学四年级，父母务工早出晚归", "孩子上初一，数学跟不上"],
}

#: Wishes that recur across households and months, for the class grouping to find: (duty type code, share
#: submitted this month, phrasings). Each phrasing becomes one wish in a community taken in turn.
CLASS_WISHES = [
    ("elder_disability_aid", 0.6, [
        "楼道没有扶手，老人上下楼不安全，希望加装扶手。",
        "3号楼楼梯很陡，家里老人八十多了，想在楼道装个扶手。",
        "老楼院楼梯没有扶手，老人上楼只能扶着墙，盼着能装上。",
        "希望给我们单元的楼道装上扶手，老人腿脚不好。",
        "楼道扶手年久松动了，老人不敢扶，希望重新安装。",
        "老旧楼院楼道加装扶手，方便老年人上下楼。",
        "我们楼都是老人，楼梯没有扶手，希望社区帮忙加装。",
        "楼道里能不能装个扶手？母亲九十岁了，上下楼太难。",
    ]),
    ("tutoring", 0.4, [
        "低保家庭，孩子数学跟不上，希望有大学生辅导功课。",
        "孩子五年级，家里请不起家教，希望有志愿者辅导作业。",
        "单亲家庭，孩子英语成绩差，想找人每周辅导两次功课。",
        "孩子上初一，功课没人管，希望有人辅导学习。",
        "家里困难，孩子物理薄弱，盼望有老师帮忙补习功课。",
        "孩子三年级，作业不会做我也教不了，希望有人辅导。",
    ]),
    ("skills_training", 0.5, [
        "想学用智能手机挂号，总是要麻烦别人。",
        "老人不会用微信视频，希望有人教教手机。",
        "希望社区办个智能手机培训班，教老人用手机缴费。",
        "不会用手机扫码，出门很不方便，想学学智能手机。",
        "想学用手机在网上买菜，希望有人教。",
    ]),
    ("environment", 0.3, [
        "小区没有电动车充电桩，希望安装几个。",
        "楼下经常有人飞线给电动车充电，很危险，希望建充电桩。",
        "电动车充电难，希望在车棚里装几个充电桩。",
        "希望在我们楼院安装电动车充电桩，现在只能把电池拎回家充电。",
    ]),
    ("elder_disability_aid", 0.2, [
        "老伴腿脚不好，想借一台轮椅推他出门。",
        "刚出院需要轮椅，希望能借用一段时间。",
        "家里老人想申请一台轮椅，自己买不起。",
    ]),
    ("elder_disability_aid", 0.5, [
        "独居老人做饭困难，希望有人送午餐。",
        "老人行动不便，希望社区食堂能送餐上门。",
        "想申请老年助餐，每天送一顿午饭就行。",
        "老两口都八十多了，做饭越来越难，希望有人送饭。",
    ]),
]
