"""Our campaigns in the admin: the campaign's ModelAdmin (``campaign``), its object actions (``actions``), and
the campaign builder (``builder``, with the state of its runs in ``builder_runs``) through which campaigns are
added."""

from tendlc.admin.campaigns import campaign  # noqa: F401 - registers it
