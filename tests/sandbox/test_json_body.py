"""Bodies the sandbox cannot read answer 400 in the Telnyx error envelope, as the real API answers malformed JSON,
never a server error: nested too deep (a RecursionError before), NaN, numbers beyond a float, lone surrogates."""

import pytest

MALFORMED = "https://developers.telnyx.com/docs/overview/errors/10015"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested more than 32 levels deep"),
        ('{"a":' * 33 + "1" + "}" * 33, "nested more than 32 levels deep"),
        ('{"displayName": NaN}', "NaN is not JSON"),
        ('{"displayName": 1e400}', "1e400 is out of range for a number"),
        ('{"displayName": "\\ud800"}', "text that is not Unicode (a lone surrogate)"),
    ],
    ids=["deep", "just too deep", "NaN", "1e400", "surrogate"],
)
@pytest.mark.parametrize("path", ["/10dlc/brand", "/10dlc/phone_number_campaigns"])
def test_a_body_the_sandbox_cannot_read_is_a_400_in_the_error_envelope(sandbox_api, path, raw, reason):
    response = sandbox_api.post(path, data=raw, headers={"Content-Type": "application/json"})

    assert (response.status_code, response.json) == (
        400,
        {
            "errors": [
                {
                    "code": "10015",
                    "title": "Bad Request",
                    "detail": f"Malformed JSON body: {reason}",
                    "source": {"pointer": "/"},
                    "meta": {"url": MALFORMED},
                }
            ]
        },
    )


def test_a_body_as_deep_as_allowed_is_read(sandbox_api):
    nested = '{"a":' * 31 + "1" + "}" * 31

    response = sandbox_api.post(
        "/10dlc/phone_number_campaigns",
        data=f'{{"x": {nested}}}',
        headers={"Content-Type": "application/json"},
    )

    # Read, then refused for the fields it lacks.
    assert response.status_code == 422
