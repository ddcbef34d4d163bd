"""Threads write to the test database as the portal's processes write to theirs: a second writer waits its
turn (tests/fixtures/database.py). No lock of the code's or the tests' own serialises them."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from tendlc.models import SyncLease

# Long enough that the main thread's write surely starts while the other transaction holds the lock.
HOLD_SECONDS = 0.5


@pytest.mark.django_db(transaction=True)
def test_a_second_writer_waits_for_the_first_instead_of_failing():
    holding = threading.Event()

    def hold_a_write() -> None:
        try:
            with transaction.atomic():
                SyncLease.objects.create(name="first", expires_at=timezone.now())
                holding.set()
                threading.Event().wait(HOLD_SECONDS)
        finally:
            connection.close()

    other = threading.Thread(target=hold_a_write)
    other.start()
    assert holding.wait(timeout=10)

    SyncLease.objects.create(name="second", expires_at=timezone.now())
    other.join(timeout=10)

    assert sorted(SyncLease.objects.values_list("name", flat=True)) == ["first", "second"]


@pytest.mark.django_db
def test_the_sqlite_test_database_is_a_write_ahead_logged_file(sqlite_test_database_file):
    if connection.vendor != "sqlite":
        pytest.skip("the test database's file is SQLite's")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        (mode,) = cursor.fetchone()

    assert connection.settings_dict["NAME"] == str(sqlite_test_database_file)
    assert sqlite_test_database_file.is_file()
    assert mode == "wal"
