"""The refusal a workflow service raises for a rule of ours (not the API's), at the field it concerns."""


class WorkflowError(Exception):
    """The action is refused; ``field`` names the form field at fault (our snake_case name), if one is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class DraftKept(Exception):
    """Creating the record remotely failed with ``error``; what the user entered is kept as ``draft``, a local
    row marked not submitted, to be corrected and submitted again."""

    def __init__(self, error: Exception, *, draft: object) -> None:
        super().__init__(str(error))
        self.error = error
        self.draft = draft
