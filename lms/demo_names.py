"""Name lists for the demo organisation and the benchmarks: Vietnamese women's names,
villages, city departments.

Family-name weights follow their rough share of the population in northern Vietnam.
"""

FAMILY_NAMES = {
    "Nguyễn": 36, "Trần": 11, "Lê": 9, "Phạm": 7, "Hoàng": 5, "Vũ": 5, "Đặng": 3, "Bùi": 3,
    "Đỗ": 3, "Ngô": 2, "Dương": 2, "Đinh": 2, "Phan": 2, "Trịnh": 2, "Đào": 1, "Lương": 1,
    "Tạ": 1, "Mai": 1, "Hà": 1, "Kiều": 1, "Chu": 1, "Lại": 1, "Nghiêm": 1, "Khuất": 1,
}

# "Thị" is the usual middle name of women born before the 1980s; younger women often
# carry another one, sometimes after "Thị" ("Nguyễn Thị Thu Hà").
MIDDLE_NAMES = ("Thu", "Thanh", "Ngọc", "Minh", "Phương", "Hồng", "Thùy", "Kim", "Bích",
                "Diệu", "Hải", "Mai", "Quỳnh", "Khánh", "Hoài", "Lan", "Tuyết", "Kiều")

GIVEN_NAMES = ("Hoa", "Lan", "Hương", "Mai", "Hà", "Thảo", "Linh", "Hạnh", "Hằng", "Huyền",
               "Nga", "Nhung", "Oanh", "Phương", "Quyên", "Thủy", "Trang", "Vân", "Yến", "Dung",
               "Giang", "Hiền", "Hồng", "Liên", "Loan", "Ly", "My", "Ngọc", "Nguyệt", "Nhàn",
               "Tâm", "Thoa", "Thu", "Thúy", "Tuyết", "Xuân", "Anh", "Bích", "Chi", "Duyên",
               "Hậu", "Huệ", "Lệ", "Minh", "Sen", "Tình", "Trinh", "Uyên", "Vui", "Hiên",
               "Thơm", "Lụa", "Quế", "Đào", "Châm", "Hải", "Ngân", "Khuyên", "Diệp", "Gấm")

# Villages (thôn) of the communes: common Red River delta names.
VILLAGE_NAMES = ("Đoài", "Đông", "Nam", "Bắc", "Thượng", "Hạ", "Trung", "Tiền", "Hậu",
                 "Đình", "Chùa", "Yên Lạc", "Phú Mỹ", "An Thái", "Vân Trì", "Đồng Tâm",
                 "Thụy Hà", "Cổ Điển", "Phù Lỗ", "Xuân Dục", "Ngọc Hà", "Lương Xá", "Kim Lũ",
                 "Đại Đồng", "Tân Hưng", "Phúc Lộc", "Hòa Bình", "Thanh Vân", "Đồng Nhân",
                 "Lạc Nông", "Bình Minh", "Hương Canh", "Vĩnh Thanh", "Cao Xá", "Mỹ Hưng")

# The city union's departments (ban) and office, for positions such as "Trưởng Ban Tuyên giáo".
CITY_DEPARTMENTS = ("Ban Tổ chức - Kiểm tra", "Ban Tuyên giáo", "Ban Kinh tế",
                    "Ban Gia đình - Xã hội", "Văn phòng")

# Prefixes of Vietnamese mobile numbers (Viettel, VinaPhone, MobiFone).
MOBILE_PREFIXES = ("096", "097", "098", "086", "032", "033", "034", "035", "036", "037",
                   "038", "039", "091", "094", "088", "083", "084", "085", "090", "093",
                   "089", "070", "076", "077", "078", "079")


def random_full_name(rng, birth_year):
    """A plausible woman's name for someone born in `birth_year`, drawn with `rng`."""
    family = rng.choices(list(FAMILY_NAMES), weights=list(FAMILY_NAMES.values()))[0]
    given = rng.choice(GIVEN_NAMES)
    middle = rng.choice([m for m in MIDDLE_NAMES if m != given])
    # "Thị" was the rule for women born before the 1980s and is still common after.
    if rng.random() < (0.85 if birth_year < 1980 else 0.4):
        middle = "Thị" if rng.random() < 0.8 else f"Thị {middle}"
    return f"{family} {middle} {given}"
