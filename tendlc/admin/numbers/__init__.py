"""Numbers in the admin, one ModelAdmin per module: assignments (assign one, move, remove), assignment of a
messaging profile's numbers with the task's live progress, and CSV uploads with their reports. Pages route
input to ``tendlc.services.numbers`` and show what it answers."""

from tendlc.admin.numbers import assignment, assignment_task, number_upload  # noqa: F401 - registers them
