"""The number limit of a campaign without T-Mobile number pooling: 49, said before the API refuses the 50th."""

import pytest

from tendlc.compliance.limits import number_limit_problem


@pytest.mark.parametrize(("numbers", "adding"), [(0, 49), (48, 1), (49, 0)])
def test_up_to_49_numbers_pass(numbers, adding):
    assert number_limit_problem(name="CX1", numbers=numbers, adding=adding, pooled=False) is None


def test_the_fiftieth_number_is_refused_with_the_way_out():
    assert number_limit_problem(name="CX1", numbers=49, adding=1, pooled=False) == (
        "Campaign CX1 has 49 numbers, the most Telnyx allows without T-Mobile number pooling (49): remove one"
        " first, or ask Telnyx for a number pool."
    )


def test_more_than_the_room_left_says_how_many_fit():
    assert number_limit_problem(name="CX1", numbers=47, adding=3, pooled=False) == (
        "Campaign CX1 has 47 numbers; 3 more would pass the 49 Telnyx allows without T-Mobile number pooling:"
        " at most 2 more can go on it."
    )


def test_number_pooling_lifts_the_limit():
    assert number_limit_problem(name="CX1", numbers=400, adding=1, pooled=True) is None
