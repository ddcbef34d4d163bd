"""Brands (reference B1-B12): the registration and identity lifecycle a demo user can predict from the data.

A brand row holds the wire document (``doc``) beside ``internal``: what the sandbox needs to replay the
registry's decisions (the feedback of the last assessment, whether the 2FA e-mail is outstanding, whether
the SMS OTP was verified, when the brand was last revetted). One job per module:

* ``records``: the row, its wire document and private state, read and written.
* ``identity``: the deterministic identity rules (markers, findings, the assessed status); pure.
* ``validation``: the fields a create or update accepts and their cross-field rules; pure.
* ``lifecycle``: the scheduled steps (registration, revet, the 2FA e-mail, an identity appeal) and the
  ``10dlc.brand.update`` webhooks Telnyx documents for them.
* ``routes``: the API handlers (B1-B6, B8, B10); ``control``: the control-plane transition and appeal.

The SMS OTP of sole proprietors lives in ``sandbox.sms_otp`` and external vetting in ``sandbox.vetting``;
both change a brand's identity through ``lifecycle.verify_after_otp`` and ``lifecycle.set_identity``.
"""
