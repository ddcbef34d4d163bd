"""The dashboard's chart of campaign statuses over time, drawn as an inline SVG of stacked bars.

Server-side SVG needs no script and no outside asset, prints, and reads without JavaScript; the geometry is
computed here so the template only places rectangles.
"""

from dataclasses import dataclass
from datetime import date

from tendlc.choices import CampaignStatus

WIDTH, HEIGHT, AXIS = 720, 220, 24
S = CampaignStatus
# One colour per status, in the badge tones' families: ambers in review, green provisioned, reds refused.
# Keyed by the stored value (a str), as the history's counts are.
COLOURS: dict[str, str] = {
    S.TCR_PENDING: "#fce4b6", S.TCR_ACCEPTED: "#f9d27c", S.TELNYX_ACCEPTED: "#f5b942", S.MNO_PENDING: "#f0ad4e",
    S.MNO_ACCEPTED: "#e08e0b", S.MNO_PROVISIONED: "#5cb85c", S.TCR_FAILED: "#f2a7a5", S.TELNYX_FAILED: "#e57373",
    S.MNO_REJECTED: "#d9534f", S.MNO_PROVISIONING_FAILED: "#b52b27", S.TCR_SUSPENDED: "#8b1f1c",
    S.TCR_EXPIRED: "#bbbbbb",
}  # fmt: skip
NO_STATUS_COLOUR = "#dddddd"
# Stacked from the bottom in the campaign's life order, so bands keep their place from day to day.
STATUS_ORDER = [choice.value for choice in CampaignStatus] + [""]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    labels: list[tuple[float, str]]
    peak: int
    legend: list[tuple[str, str]]


def status_chart(history: list[tuple[date, dict[str, int]]]) -> Chart:
    peak = max((sum(counts.values()) for _, counts in history), default=0) or 1
    slot = WIDTH / max(len(history), 1)
    scale = (HEIGHT - AXIS) / peak
    labels_by_value = dict(CampaignStatus.choices)
    bars: list[Bar] = []
    labels: list[tuple[float, str]] = []
    present: set[str] = set()
    for index, (day, counts) in enumerate(history):
        x = index * slot + slot * 0.1
        bottom: float = HEIGHT - AXIS
        for status in STATUS_ORDER:
            count = counts.get(status, 0)
            if not count:
                continue
            height = count * scale
            bottom -= height
            label = str(labels_by_value.get(status, "No status"))
            colour = COLOURS.get(status, NO_STATUS_COLOUR)
            present.add(status)
            bars.append(Bar(x, bottom, slot * 0.8, height, colour, f"{day:%b %d}: {count} {label}"))
        if index % max(len(history) // 6, 1) == 0 or index == len(history) - 1:
            labels.append((x + slot * 0.4, f"{day:%b %d}"))
    legend = [
        (str(labels_by_value.get(status, "No status")), COLOURS.get(status, NO_STATUS_COLOUR))
        for status in STATUS_ORDER
        if status in present
    ]
    return Chart(WIDTH, HEIGHT, bars, labels, peak if history else 0, legend)
