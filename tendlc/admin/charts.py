"""The dashboard's chart of campaign statuses, drawn as an inline SVG.

Server-side SVG needs no script and no outside asset, prints, and reads without JavaScript; the geometry is
computed here so the template only places shapes.

With one day of history (a new portal, or one whose syncs recorded nothing yet) there is no "over time" to
draw: the chart is one horizontal bar of today's campaigns by status, each part labelled with its count. With
more days it is a bar per day, stacked by status, today on the right; a bar is never wider than a fourteenth
of the chart, so a few days read as days and not as walls.
"""

from dataclasses import dataclass
from datetime import date

from django.template.defaultfilters import pluralize

from tendlc.choices import CampaignStatus

WIDTH = 720
# The days' chart: room for the day labels below, the count labels on the left, and the top label.
HEIGHT, AXIS, LEFT, TOP = 220, 24, 36, 10
PLOT_HEIGHT = HEIGHT - AXIS - TOP
MIN_SLOTS = 14
# Today's bar.
TODAY_HEIGHT, TODAY_BAR = 44, 36
# A part of today's bar this wide or wider shows its count inside it.
COUNT_LABEL_ROOM = 28
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
# Stacked from the bottom (or the left) in the campaign's life order, so bands keep their place day to day.
STATUS_ORDER = [choice.value for choice in CampaignStatus] + [""]
LABELS = dict(CampaignStatus.choices)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class LegendEntry:
    status: str
    label: str
    colour: str
    count: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    # Day labels under the days' bars; counts inside today's bar.
    labels: list[Text]
    # Count lines across the days' chart: (y, count).
    ticks: list[Text]
    peak: int
    legend: list[LegendEntry]
    summary: str
    today_only: bool
    # Where the plot starts: the count labels stand left of it.
    left: int = LEFT


def status_label(status: str) -> str:
    return str(LABELS.get(status, "No status"))


def status_chart(history: list[tuple[date, dict[str, int]]]) -> Chart:
    today = history[-1][1] if history else {}
    present = {status for _, counts in history for status, count in counts.items() if count}
    legend = [
        LegendEntry(status, status_label(status), COLOURS.get(status, NO_STATUS_COLOUR), today.get(status, 0))
        for status in STATUS_ORDER
        if status in present
    ]
    peak = max((sum(counts.values()) for _, counts in history), default=0)
    summary = chart_summary(history)
    if len(history) <= 1:
        bars, labels = today_bar(today)
        return Chart(WIDTH, TODAY_HEIGHT, bars, labels, [], peak, legend, summary, True)
    bars, labels = day_bars(history, peak)
    return Chart(WIDTH, HEIGHT, bars, labels, ticks(peak), peak, legend, summary, False)


def today_bar(counts: dict[str, int]) -> tuple[list[Bar], list[Text]]:
    total = sum(counts.values())
    bars: list[Bar] = []
    labels: list[Text] = []
    left = 0.0
    for status in STATUS_ORDER:
        count = counts.get(status, 0)
        if not count:
            continue
        width = WIDTH * count / total
        colour = COLOURS.get(status, NO_STATUS_COLOUR)
        bars.append(Bar(left, 0, width, TODAY_BAR, colour, f"Today: {count} {status_label(status)}"))
        if width >= COUNT_LABEL_ROOM:
            labels.append(Text(left + width / 2, TODAY_BAR / 2 + 5, str(count)))
        left += width
    return bars, labels


def day_bars(history: list[tuple[date, dict[str, int]]], peak: int) -> tuple[list[Bar], list[Text]]:
    plot_width = WIDTH - LEFT
    slot = plot_width / max(len(history), MIN_SLOTS)
    first_x = WIDTH - slot * len(history)
    scale = PLOT_HEIGHT / (peak or 1)
    bars: list[Bar] = []
    labels: list[Text] = []
    every = max(len(history) // 7, 1)
    for index, (day, counts) in enumerate(history):
        x = first_x + index * slot + slot * 0.15
        bottom: float = TOP + PLOT_HEIGHT
        for status in STATUS_ORDER:
            count = counts.get(status, 0)
            if not count:
                continue
            height = count * scale
            bottom -= height
            colour = COLOURS.get(status, NO_STATUS_COLOUR)
            bars.append(
                Bar(x, bottom, slot * 0.7, height, colour, f"{day:%b %d}: {count} {status_label(status)}")
            )
        if (len(history) - 1 - index) % every == 0:
            labels.append(Text(x + slot * 0.35, HEIGHT - 6, f"{day:%b %d}"))
    return bars, labels


def ticks(peak: int) -> list[Text]:
    """Lines at nothing, about half the peak and the peak, each with its count."""
    counts = sorted({0, (peak + 1) // 2, peak})
    scale = PLOT_HEIGHT / (peak or 1)
    return [Text(LEFT - 6, TOP + PLOT_HEIGHT - count * scale, str(count)) for count in counts]


def chart_summary(history: list[tuple[date, dict[str, int]]]) -> str:
    """The chart in words, for those who cannot see it."""
    if not history:
        return "No campaigns yet."
    day, today = history[-1]
    parts = [f"{count} {status_label(status)}" for status in STATUS_ORDER if (count := today.get(status, 0))]
    now = ", ".join(parts) or "no campaigns"
    if len(history) == 1:
        return f"Campaigns by status today: {now}."
    first = history[0][0]
    days = len(history)
    return (
        f"Campaigns by status on {days} day{pluralize(days)} from {first:%b %d} to {day:%b %d}; today: {now}."
    )
