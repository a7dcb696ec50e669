"""The seed's operator responses as a reader of the answer states them: the tests of the extractor
and of the query engine check the data against this one table."""

from __future__ import annotations

# operator, offer kinds, coverage (kind, excluded, count), (min, max, average, unit),
# target group (wording, min age, max age), qualifiers
RESPONSES = {
    "jammerbugt-kommune": (
        "Jammerbugt Kommune", {"mother-child-teaching", "mother-group", "similar-offer"},
        ("all-except", 1, None), (1, 3, False, "times"), None, set(),
    ),
    "langeland-kommune": (
        "Langeland Kommune", {"mother-child-group", "similar-offer"},
        ("all", None, None), (2, 3, False, "times"), None, set(),
    ),
    "roede-kors": (
        "Røde Kors", {"mother-group", "similar-offer"},
        ("all-except", 4, None), (1, 2, True, "times"), None, set(),
    ),
    "thisted-kommune": (
        "Thisted Kommune", {"named-offer"},
        ("unspecified", None, None), (4, 4, False, "days"),
        ("kvinder med børn mellem 0 og 3 år", 0, 3), set(),
    ),
    "toender-kommune": (
        "Tønder Kommune", {"offer-for-mothers-with-small-children"},
        ("all", None, None), (1, 2, False, "times"), ("mødre med små børn", None, None), set(),
    ),
    "vesthimmerland-kommune": (
        "Vesthimmerland Kommune", {"mother-group", "similar-offer"},
        ("number", None, 3), (1, 4, False, "times"), None, {"as-far-as-possible", "currently"},
    ),
}
