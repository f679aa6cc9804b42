"""The default duty catalogue (3 categories, 12 types) and the district-wide policy row.

The official list is not public; this default follows domain.md §2 and is editable afterwards.
"""

CATALOGUE = [
    ("life", "生活服务", [
        ("elder_disability_aid", "助老助残"), ("material_aid", "物资帮扶"),
        ("home_repair", "家居维修"), ("medical_escort", "就医陪护"),
    ]),
    ("growth", "成长关爱", [
        ("tutoring", "课业辅导"), ("psychological_care", "心理关爱"),
        ("skills_training", "技能培训"), ("culture_sports", "文体活动"),
    ]),
    ("governance", "治理服务", [
        ("policy_advice", "政策咨询"), ("employment_aid", "就业帮扶"),
        ("mediation", "矛盾调解"), ("environment", "环境改善"),
    ]),
]


def ensure_catalogue(DutyCategory, DutyType, WishPolicy) -> None:
    """Create what is missing of the default catalogue and policy (models may be historical ones)."""
    for position, (code, name, types) in enumerate(CATALOGUE):
        category, _ = DutyCategory.objects.get_or_create(code=code, defaults={"name": name, "position": position})
        for type_position, (type_code, type_name) in enumerate(types):
            DutyType.objects.get_or_create(
                code=type_code, defaults={"name": type_name, "category": category, "position": type_position}
            )
    if not WishPolicy.objects.filter(area__isnull=True).exists():
        WishPolicy.objects.create(area=None)
