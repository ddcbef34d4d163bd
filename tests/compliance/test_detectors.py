"""What counts as opt-out and HELP language, an unfilled placeholder, a phone number, a code, filler."""

import pytest

from tendlc.compliance import detectors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Brightside Dental: see you Monday. Reply STOP to opt out.", True),
        ("Text END to stop these alerts", True),
        ("Reply CANCEL anytime", True),
        ("To UNSUBSCRIBE reply to this message", True),
        ("QUIT", True),
        ("reply stop to opt out", True),
        ("Txt 'stop' to end", True),
        ("Respond with Quit to leave", True),
        # Not opt-out language: the word in another sense, or inside a longer word.
        ("Stop by our store this weekend", False),
        ("Bring your stopwatch to track night", False),
        ("The sale ends Sunday at the end of the day", False),
        ("Click the link to unsubscribe", False),
        ("STOPWATCH SALE", False),
    ],
)
def test_opt_out_language_is_a_whole_word(text, expected):
    assert detectors.has_opt_out_language(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reply HELP for help", True),
        ("Text info for details", True),
        ("We are here to help", False),
        ("Helpful tips inside", False),
    ],
)
def test_help_language(text, expected):
    assert detectors.has_help_language(text) is expected


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Hi [first name], your visit is on [date] at [time].", []),
        ("Order [order number] ships from [store location].", []),
        ("Hi [Insert name], welcome!", ["[Insert name]"]),
        ("Hi {{name}}, welcome!", ["{{name}}"]),
        ("Hi {first_name}!", ["{first_name}"]),
        ("Total: ${amount}", ["${amount}"]),
        ("Thanks for choosing [company name]!", ["[company name]"]),
        ("Thanks for choosing [Company]!", ["[Company]"]),
        ("Shop at [store name] today", ["[store name]"]),
        ("Details: [link]", ["[link]"]),
        ("Details: <tracking URL>", ["<tracking URL>"]),
        ("Call [your phone number]", ["[your phone number]"]),
        ("Your code is [XXXX]", ["[XXXX]"]),
    ],
)
def test_unfilled_placeholders_but_not_recipient_variables(text, found):
    assert detectors.unfilled_placeholders(text) == found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call (512) 555-0142 to reschedule", True),
        ("Call 512-555-0142", True),
        ("Call 512.555.0142", True),
        ("Call +1 512 555 0142", True),
        ("Call 1-800-555-0199", True),
        ("Call +15125550142", True),
        ("Order 5125550142 shipped", False),
        ("Your code is 482913", False),
        ("Due 2024-05-12", False),
    ],
)
def test_phone_numbers(text, expected):
    assert detectors.has_phone_number(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Your code is 482913", True),
        ("G-4829 is your code", True),
        ("Your code is [6-digit code]", True),
        ("Enter [OTP] to sign in", True),
        ("Approve the sign-in in the app", False),
        ("Call (512) 555-0142 if this was not you", False),
        ("Your code is 12", False),
    ],
)
def test_one_time_codes(text, expected):
    assert detectors.has_code(text) is expected


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Lorem ipsum dolor sit amet", "lorem ipsum"),
        ("test", "test"),
        ("This is a test campaign for our new system", "test campaign"),
        ("This is a test.", "this is a test"),
        ("Description TBD", "tbd"),
        ("xxxx", "xxxx"),
        ("N/A", "n/a"),
        ("Brightside Dental sends reminders to patients who test positive for cavities.", None),
        ("Acme sends contest updates to members", None),
    ],
)
def test_filler_text(text, found):
    assert detectors.filler(text) == found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Customers text JOIN to 55555", True),
        ("Send the keyword START to 12345", True),
        ("by texting 'DEALS' to 12345", True),
        ("Customers receive text messages after signing up", False),
        ("text join to 55555", False),
    ],
)
def test_text_in_keyword(text, expected):
    assert detectors.names_text_in_keyword(text) is expected


def test_keyword_candidates_skip_acronyms_and_read_quotes():
    assert detectors.keyword_candidates("Text \u201cjoin\u201d or START via SMS to our ID line") == {
        "JOIN",
        "START",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Email help@acme.com", True), ("Email help at acme dot com", False), ("Visit acme.com", False)],
)
def test_email_addresses(text, expected):
    assert detectors.has_email_address(text) is expected
