"""A brand and a campaign that pass every rule, for tests to break one thing at a time."""

from typing import Any

from tendlc.compliance import CheckContext, OtherCampaign, Qualification


def brand(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "entityType": "PRIVATE_PROFIT",
        "displayName": "Brightside Dental",
        "companyName": "Brightside Dental Group, PLLC",
        "ein": "74-2918365",
        "country": "US",
        "street": "2100 S Lamar Blvd, Suite 300",
        "city": "Austin",
        "state": "TX",
        "postalCode": "78704",
        "website": "https://www.brightsidedental.com",
        "email": "office@brightsidedental.com",
        "vertical": "HEALTHCARE",
        "identityStatus": "VERIFIED",
    }
    body.update(overrides)
    return body


def sole_proprietor(**overrides: Any) -> dict[str, Any]:
    body = brand(
        entityType="SOLE_PROPRIETOR",
        displayName="Maria Lopez Photography",
        firstName="Maria",
        lastName="Lopez",
        mobilePhone="+15035550123",
        email="maria.lopez.photo@gmail.com",
        website="https://marialopezphoto.com",
    )
    for key in ("companyName", "ein"):
        del body[key]
    body.update(overrides)
    return body


def campaign(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "brandId": "4b20019b-043a-78f8-0657-b3be3f4b4002",
        "usecase": "ACCOUNT_NOTIFICATION",
        "subUsecases": [],
        "description": (
            "Brightside Dental sends appointment reminders and confirmations to patients who asked for text "
            "reminders when booking."
        ),
        "messageFlow": (
            "Patients opt in on the intake form at the front desk or in the patient portal at "
            "https://portal.brightsidedental.com/register by ticking an unchecked box. The form links to our "
            "privacy policy. No mobile information will be shared with third parties or affiliates."
        ),
        "sample1": (
            "Brightside Dental: Hi [first name], your cleaning is on [date] at [time]. Confirm at "
            "https://portal.brightsidedental.com/a/123 Reply STOP to opt out."
        ),
        "sample2": "Brightside Dental: Your appointment is confirmed. Call (512) 555-0142 to reschedule.",
        "helpMessage": "Brightside Dental: For help call (512) 555-0142. Reply STOP to opt out.",
        "helpKeywords": "HELP,INFO",
        "optinMessage": (
            "Brightside Dental: You are signed up for reminders. Msg frequency varies. Msg & data rates may "
            "apply. Reply HELP for help, STOP to opt out."
        ),
        "optinKeywords": "START",
        "optoutMessage": "Brightside Dental: You are unsubscribed and will receive no more messages.",
        "optoutKeywords": "STOP,END,CANCEL,UNSUBSCRIBE,QUIT",
        "privacyPolicyLink": "https://www.brightsidedental.com/privacy",
        "termsAndConditionsLink": "https://www.brightsidedental.com/sms-terms",
        "embeddedLink": True,
        "embeddedLinkSample": "https://portal.brightsidedental.com/a/123",
        "embeddedPhone": True,
        "numberPool": False,
        "ageGated": False,
        "directLending": False,
    }
    body.update(overrides)
    return body


def context(**overrides: Any) -> CheckContext:
    """A context under which every context-based rule runs and passes."""
    values: dict[str, Any] = {
        "qualification": Qualification(qualified=True),
        "other_campaigns": (
            OtherCampaign(
                campaign_id="4b30018c-2f0e-7a9d-0c1e-8e6a9b1f2d70",
                description="Brightside Dental sends whitening offers to patients on our offers list.",
                samples=("Brightside Dental: Whitening is 20% off in May. Reply STOP to opt out.",),
            ),
        ),
        "other_sole_proprietor_brands_on_mobile": 0,
        "other_brands_with_ein": 0,
        "existing_campaign_count": 0,
        "phone_number_count": 1,
    }
    values.update(overrides)
    return CheckContext(**values)


def sole_proprietor_campaign(**overrides: Any) -> dict[str, Any]:
    body = campaign(
        usecase="SOLE_PROPRIETOR",
        description="Maria Lopez Photography texts booking confirmations and session reminders to clients who book a shoot.",
        messageFlow=(
            "Clients opt in on the paper booking form they sign at the consultation, which has a separate box "
            "for text reminders and explains my privacy policy."
        ),
        sample1="Maria Lopez Photography: Hi [first name], your session is booked for [date]. Reply STOP to opt out.",
        sample2="Maria Lopez Photography: Reminder, our shoot is tomorrow at 6 PM. Reply HELP for help.",
        helpMessage="Maria Lopez Photography: Questions? Email maria.lopez.photo@gmail.com.",
        optinMessage=None,
        optinKeywords=None,
        optoutMessage="Maria Lopez Photography: You will not get more texts from me.",
        embeddedLink=False,
        embeddedLinkSample=None,
        embeddedPhone=False,
    )
    body.update(overrides)
    return body
