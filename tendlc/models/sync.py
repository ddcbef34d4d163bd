"""A record of each sync run (counts per resource, errors, live progress for the admin) and the lease that lets
only one run at a time."""

from django.db import models


class SyncRunState(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class SyncRun(models.Model):
    started_at = models.DateTimeField(
        auto_now_add=True, db_index=True, verbose_name="started", help_text="Start."
    )
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name="finished", help_text="End.")
    heartbeat_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="last sign of life",
        help_text="Updated as pages are written; a running sync silent for long has crashed.",
    )
    state = models.CharField(
        max_length=10,
        choices=SyncRunState.choices,
        default=SyncRunState.RUNNING,
        db_index=True,
        verbose_name="state",
        help_text="running, succeeded or failed.",
    )
    trigger = models.CharField(
        max_length=20, blank=True, verbose_name="trigger", help_text="schedule, admin, command or api."
    )
    counts = models.JSONField(
        default=dict,
        blank=True,
        verbose_name="counts",
        help_text="Per resource: created, updated, unchanged and deleted records.",
    )
    errors = models.JSONField(default=list, blank=True, verbose_name="errors", help_text="What went wrong.")
    pages_done = models.PositiveIntegerField(
        default=0, verbose_name="pages done", help_text="Pages written so far."
    )
    pages_known = models.PositiveIntegerField(
        default=0,
        verbose_name="pages known",
        help_text="Pages known to exist so far (grows as lists are opened).",
    )
    phase = models.CharField(
        max_length=20,
        blank=True,
        verbose_name="phase",
        help_text="What the run is doing: planning, reading or finished.",
    )
    units_pending = models.PositiveIntegerField(
        default=0,
        verbose_name="units pending",
        help_text="Units of work (a batch of brands, a range of number pages) not yet done.",
    )
    units_done = models.JSONField(
        default=dict,
        blank=True,
        verbose_name="units done",
        help_text="Finished units by key, with what finishing the run needs of them.",
    )
    lock_token = models.CharField(
        max_length=64,
        blank=True,
        verbose_name="lock token",
        help_text="Proof of holding the sync lock, renewed by every heartbeat of this run.",
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        permissions = [("start_syncrun", "Can start a full sync")]

    def __str__(self) -> str:
        return f"Sync {self.started_at:%Y-%m-%d %H:%M} ({self.state})"

    @property
    def progress(self) -> float | None:
        """The share done, 0 to 1: all of it once the run has ended (whatever its count says), None while it
        runs without a known total."""
        if self.state != SyncRunState.RUNNING:
            return 1.0
        return min(self.pages_done / self.pages_known, 1.0) if self.pages_known else None


class SyncLease(models.Model):
    """The database's sync lock, used when the broker is not Redis: held while ``expires_at`` is in the future,
    taken over by one atomic UPDATE once it has passed, so a crashed holder blocks others only until then."""

    name = models.CharField(
        max_length=50, unique=True, verbose_name="name", help_text="What the lease guards."
    )
    owner = models.CharField(
        max_length=64, blank=True, verbose_name="owner", help_text="Token of the current or last holder."
    )
    expires_at = models.DateTimeField(
        verbose_name="expires", help_text="The holder must renew before this, or others may take the lease."
    )

    class Meta:
        verbose_name = "sync lease"

    def __str__(self) -> str:
        return f"{self.name} held by {self.owner or 'nobody'} until {self.expires_at:%Y-%m-%d %H:%M:%S}"
