import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from sanji.core.masking import mask_address, mask_name, mask_phone


@pytest.mark.parametrize("name, gender, expected", [
    ("林志强", "male", "林先生"),
    ("王秀英", "female", "王女士"),
    ("欧阳娜娜", "female", "欧阳女士"),
    ("张三", "unknown", "张*"),
    ("司马相如", "unknown", "司马**"),
    ("", "male", ""),
])
def test_mask_name_in_chinese(name, gender, expected):
    with translation.override("zh-hans"):
        assert mask_name(name, gender) == expected


def test_mask_phone_keeps_three_and_four():
    assert mask_phone("13906428815") == "139****8815"
    assert mask_phone("0532-8288") == "053**8288"
    assert mask_phone("12345") == "*****"
    assert mask_phone("") == ""


def test_mask_address_drops_the_door():
    assert mask_address("仰口路17号2单元302户") == "仰口路……"
    assert "302" not in mask_address("湛山一路3号楼302室")


@given(st.text(alphabet="0123456789", min_size=7, max_size=15))
def test_a_masked_phone_never_shows_the_middle(phone):
    masked = mask_phone(phone)
    assert len(masked) == len(phone)
    assert masked[3:-4] == "*" * (len(phone) - 7)
