"""Phone-number-to-campaign assignments (reference N1-N5, §2.1.7, §5.8) and their lifecycle.

This package owns the ``phone_numbers`` table, the ``assignedPhoneNumbersCount`` of campaigns and partner
campaigns (``number_count``, counting ``ASSIGNED`` and ``PENDING_ASSIGNMENT`` records), the
``10dlc.phone_number.update`` webhooks, and the rules that decide whether a number may go on a campaign and
how its assignment ends. The bulk assignment by messaging profile (``assignment_tasks``) creates its
assignments through ``lifecycle.begin_assignment`` with a follow-up: the registered step handler that ``report`` calls,
in the same transaction, when that assignment ends, is moved or is deleted.

Rules (all deterministic):
* A campaign takes numbers when it is a Telnyx campaign with ``status`` ACTIVE, or an accepted partner
  campaign, and its ``campaignStatus`` is one of ``ACCEPTING_CAMPAIGN_STATUSES`` or it is suspended for
  dormancy (``tendlc.sandbox.dormancy``: the assignment fails and reactivates it); a sole-proprietor campaign
  takes one number, a campaign without a number pool ``MAX_NUMBERS_WITHOUT_POOL``.
* A record that is ``FAILED_ASSIGNMENT`` no longer holds its number: a new assignment replaces it.
* ``ASSIGNMENT_SECONDS`` after it is written, a ``PENDING_ASSIGNMENT`` ends ``ASSIGNED``, or
  ``FAILED_ASSIGNMENT`` by ``assignment_failure``; ``UNASSIGNMENT_SECONDS`` after a removal the record is
  gone, except that a number ending in 9999 fails its first removal (``FAILED_UNASSIGNMENT``) and a retried
  removal succeeds.

One job per module: ``campaign`` (the campaign an assignment goes on, found by id), ``rules`` (the decisions
above; pure), ``records`` (the table and the counts, bulk seeding included), ``lifecycle`` (scheduled
outcomes, their webhooks and follow-ups), ``routes`` (N1-N5) and ``control`` (the forced transition).
"""
