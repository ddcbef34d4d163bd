"""Dormancy (reference 10dlc-estate-life.md, SUSP): Telnyx suspends a campaign that has had no numbers for 15
days, and the first number assigned to it afterwards reactivates it.

* A Telnyx campaign registered with T-Mobile (``isTMobileRegistered``) that is ``MNO_PROVISIONED`` and has had
  no numbers (``assignedPhoneNumbersCount`` 0) for ``DORMANT_AFTER_SECONDS`` goes ``TCR_SUSPENDED`` with
  ``isTMobileSuspended`` true and a ``TELNYX_EVENT`` / ``DORMANT`` event. The days count from provisioning,
  or from the moment its count last dropped to zero; one scheduled check per campaign re-reads the count
  when due, and a later drop to zero replaces it, so no step is kept per number.
* An assignment to a dormant campaign is accepted; every assignment sent while the campaign is dormant ends
  ``FAILED_ASSIGNMENT`` with ``REACTIVATING_REASON``, and the first one starts the reactivation:
  ``REACTIVATION_SECONDS`` later the campaign is ``MNO_PROVISIONED`` again, announced as T-Mobile lifting
  its suspension, and assignments succeed.
* A campaign suspended otherwise (a ``TCR_SUSPENDED`` forced through the control plane) is not dormant and
  keeps refusing numbers; the campaign row's ``internal`` says which (``DORMANT_KEY``).

``watch`` (when the count starts) is imported by the campaign and number modules; ``lifecycle`` (the steps,
the reactivation event and the control route) imports the campaign lifecycle, which cannot import it back.
"""
