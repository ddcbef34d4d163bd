"""Limits Telnyx documents on what an account's records may hold, checked before a request is sent so a
person is warned at the field rather than refused by the API (10dlc-estate-life.md, "Limits"):

| limit                                                 | number | source, and who applies it                  |
|-------------------------------------------------------|--------|---------------------------------------------|
| campaigns per brand                                   | 5      | FAQ; ``tendlc.services.campaign_builder``   |
| numbers per campaign without T-Mobile number pooling  | 49     | ASSIGN, FEES; ``tendlc.services.numbers``   |

The compliance rules ``campaign.brand.campaign_limit`` and ``campaign.numbers.limit`` hold the same numbers, so
a campaign checked before submission or before numbers move is warned at the field too.
"""

from typing import Final

# Deactivated (expired) campaigns no longer count.
MAX_CAMPAIGNS_PER_BRAND: Final = 5
NUMBERS_WITHOUT_POOL: Final = 49


def number_limit_problem(*, name: str, numbers: int, adding: int, pooled: bool) -> str | None:
    """Why ``adding`` more numbers cannot go on campaign ``name``, which holds ``numbers``; None when they
    can (always, with T-Mobile number pooling)."""
    if pooled or numbers + adding <= NUMBERS_WITHOUT_POOL:
        return None
    room = max(0, NUMBERS_WITHOUT_POOL - numbers)
    held = f"Campaign {name} has {numbers} number{'s' if numbers != 1 else ''}"
    if room == 0:
        return (
            f"{held}, the most Telnyx allows without T-Mobile number pooling ({NUMBERS_WITHOUT_POOL}):"
            " remove one first, or ask Telnyx for a number pool."
        )
    return (
        f"{held}; {adding} more would pass the {NUMBERS_WITHOUT_POOL} Telnyx allows without T-Mobile number"
        f" pooling: at most {room} more can go on it."
    )
