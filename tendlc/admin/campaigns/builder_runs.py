"""The campaign builder's state between pages, in the session.

Each run of the builder has its own id, carried in its URLs, and its own entry in the session, so two tabs
building two campaigns never mix. An entry holds JSON values only: the brand's primary key, the use case list
the API gave, the chosen use case and its qualification, the content as last submitted (``content``, valid)
and as last typed (``draft``, valid or not, so nothing typed is lost when going back and forth), the errors the
API answered a submission with, to show at the content's fields, and the evidence files chosen (held in the
evidence storage until the campaign exists). A run that fixes a rejected campaign also holds that campaign's
primary key.
"""

import secrets
from dataclasses import asdict
from typing import Any, cast

from django.http import HttpRequest

from tendlc.services.campaign_builder import UsecaseOption, UsecaseQualification

SESSION_KEY = "tendlc_campaign_builder"
# A person rarely builds more than a few campaigns at once; older runs are dropped to keep the session small.
MAX_RUNS = 10


class BuilderRun:
    def __init__(self, run_id: str, data: dict[str, Any]) -> None:
        self.run_id = run_id
        self.data = data

    @property
    def brand_pk(self) -> int | None:
        return self.data.get("brand")

    def brand_choose(self, pk: int) -> None:
        """A new brand needs a new qualification; the use case and the content typed are kept."""
        if pk != self.brand_pk:
            self.data.update(brand=pk, qualification=None, api_errors={})

    @property
    def usecases(self) -> list[UsecaseOption]:
        return [
            UsecaseOption(**{**option, "entity_types": tuple(option["entity_types"] or ()) or None})
            for option in self.data.get("usecases") or ()
        ]

    @usecases.setter
    def usecases(self, options: list[UsecaseOption]) -> None:
        self.data["usecases"] = [asdict(option) for option in options]

    @property
    def usecase(self) -> str:
        return self.data.get("usecase") or ""

    @property
    def qualification(self) -> UsecaseQualification | None:
        stored = self.data.get("qualification")
        return UsecaseQualification.from_dict(stored) if stored else None

    def qualification_set(self, qualification: UsecaseQualification) -> None:
        """A new qualification may bound the content differently: the content is checked again before review,
        starting from what was typed."""
        draft = self.draft
        self.data.update(
            usecase=qualification.usecase,
            qualification=qualification.as_dict(),
            content=None,
            draft=draft,
            api_errors={},
        )

    @property
    def content(self) -> dict[str, Any]:
        return dict(self.data.get("content") or {})

    @content.setter
    def content(self, values: dict[str, Any]) -> None:
        self.data.update(content=values, draft=values, api_errors={})

    @property
    def draft(self) -> dict[str, Any]:
        """What was typed last, falling back to the last valid content."""
        return dict(self.data.get("draft") or self.data.get("content") or {})

    @draft.setter
    def draft(self, values: dict[str, Any]) -> None:
        self.data["draft"] = values

    @property
    def evidence(self) -> list[dict[str, Any]]:
        """The evidence files chosen so far (``tendlc.services.evidence.evidence_hold``'s answers), added to the
        campaign once it is submitted."""
        return list(self.data.get("evidence") or [])

    @evidence.setter
    def evidence(self, held: list[dict[str, Any]]) -> None:
        self.data["evidence"] = held

    @property
    def resubmitting(self) -> int | None:
        """The primary key of the rejected campaign this run fixes, or None for a new campaign."""
        return self.data.get("resubmitting")

    def resubmission_start(
        self,
        *,
        campaign_pk: int,
        brand_pk: int,
        usecases: list[UsecaseOption],
        qualification: UsecaseQualification,
        content: dict[str, Any],
    ) -> None:
        """Start from a rejected campaign: its brand and use case kept, its content as the draft."""
        self.data.update(brand=brand_pk, resubmitting=campaign_pk)
        self.usecases = usecases
        self.qualification_set(qualification)
        self.draft = content

    @property
    def api_errors(self) -> dict[str, list[str]]:
        """Messages by field (our names; "" for messages about no field) from the API's refusal."""
        return dict(self.data.get("api_errors") or {})

    @api_errors.setter
    def api_errors(self, errors: dict[str, list[str]]) -> None:
        self.data["api_errors"] = errors


def _runs(request: HttpRequest) -> dict[str, dict[str, Any]]:
    # The session's values are whatever JSON it stored: this key holds only what run_start wrote.
    return cast(dict[str, dict[str, Any]], request.session.setdefault(SESSION_KEY, {}))


def run_start(request: HttpRequest) -> BuilderRun:
    runs = _runs(request)
    while len(runs) >= MAX_RUNS:
        runs.pop(next(iter(runs)))
    run = BuilderRun(secrets.token_hex(16), {})
    runs[run.run_id] = run.data
    request.session.modified = True
    return run


def run_get(request: HttpRequest, run_id: str) -> BuilderRun | None:
    data = _runs(request).get(run_id)
    return None if data is None else BuilderRun(run_id, data)


def run_save(request: HttpRequest, run: BuilderRun) -> None:
    _runs(request)[run.run_id] = run.data
    request.session.modified = True


def run_end(request: HttpRequest, run: BuilderRun) -> None:
    _runs(request).pop(run.run_id, None)
    request.session.modified = True
