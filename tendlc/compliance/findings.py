"""What a check reports: one finding per problem, named by the rule that found it."""

from dataclasses import dataclass
from typing import Final, Literal

Severity = Literal["error", "warning"]

# An error blocks submission unless a Compliance admin overrides it with a written reason; a warning informs.
ERROR: Final = "error"
WARNING: Final = "warning"
SEVERITIES: Final = (ERROR, WARNING)


@dataclass(frozen=True)
class Finding:
    """A problem with a campaign or brand.

    ``fields`` are wire names (``sample1``, ``messageFlow``, ``ein``) so a finding lines up with the API's own
    error pointers and with the form field it is shown beside.
    """

    rule: str
    severity: Severity
    fields: tuple[str, ...]
    message: str
    reference: str

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "fields": list(self.fields),
            "message": self.message,
            "reference": self.reference,
        }
