"""Every Python example of the reference document (``telnyx-10dlc-python.txt``), run against our client.

The examples are copied here as the document prints them (a test checks each is in it verbatim, and that
none is missing); each then runs with real ids, made in the sandbox first, in place of its placeholders.
Four examples need more than new ids, and each is also run as printed to show the sandbox's answer:
``brand.create`` sends ``email="email"`` and a PRIVATE_PROFIT brand without its company name and EIN,
``brand.update`` sends ``email="email"``, ``campaign_builder.submit`` has no ``optout_message``, which the
live API requires though the docs do not, and ``phone_number_assignment_by_profile.assign`` names no
campaign, though reference §5.9 says one of ``campaignId`` and ``tcrCampaignId`` must be given.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tendlc.client import TenDLCClient, UnprocessableEntityError
from tests.fixtures.brands import brand_fields

DOCUMENT = Path(__file__).resolve().parents[3] / "shared" / "reference" / "telnyx-10dlc-python.txt"
# The document's setup, and what replaces it here ("once its constructor is used").
SDK_SETUP = (
    'client = Telnyx(\napi_key=os.environ.get("TELNYX_API_KEY"), # This is the default and can be omitted\n)'
)
NUMBER = "+18005550199"
PROFILE = "4001767e-ce0f-4cae-9d5f-0d5e636e7809"


@dataclass(frozen=True)
class Example:
    code: str
    # Placeholder text -> the name of the real value in ``World`` (or a literal, for non-id placeholders).
    substitutions: dict[str, str] = field(default_factory=dict)
    # The output the example prints, as a regular expression over it, given the world it ran in.
    prints: str = ""


EXAMPLES = {
    "brand.list": Example(
        "page = client.messaging_10dlc.brand.list()\npage = page.records[0]\nprint(page.identity_status)",
        prints="UNVERIFIED\n",  # the newest brand: the sole proprietor, not verified until its OTP is
    ),
    "brand.create": Example(
        'telnyx_brand = client.messaging_10dlc.brand.create(\ncountry="US",\ndisplay_name="ABC Mobile",\nemail="email",\nentity_type="PRIVATE_PROFIT",\nvertical="TECHNOLOGY",\n)\nprint(telnyx_brand.identity_status)',
        {'email="email",': 'email="support@abc.example", company_name="ABC Inc.", ein="111111111",'},
        prints="UNVERIFIED\n",
    ),
    "brand.retrieve": Example(
        'brand = client.messaging_10dlc.brand.retrieve(\n"brandId",\n)\nprint(brand)',
        {'"brandId"': "brand_id"},
        prints=r"TelnyxBrandWithCampaignsCount\(\{'brandId': '<brand_id>', .*'assignedCampaignsCount': 4\}\)\n",
    ),
    "brand.update": Example(
        'telnyx_brand = client.messaging_10dlc.brand.update(\nbrand_id="brandId",\ncountry="US",\ndisplay_name="ABC Mobile",\nemail="email",\nentity_type="PRIVATE_PROFIT",\nvertical="TECHNOLOGY",\n)\nprint(telnyx_brand.identity_status)',
        {'"brandId"': "brand_id", 'email="email",': 'email="support@abc.example",'},
        prints="VETTED_VERIFIED\n",  # the vetting ordered for the world succeeded
    ),
    "brand.delete": Example(
        'client.messaging_10dlc.brand.delete(\n"brandId",\n)', {'"brandId"': "spare_brand_id"}
    ),
    "brand.resend_2fa_email": Example(
        'client.messaging_10dlc.brand.resend_2fa_email(\n"brandId",\n)', {'"brandId"': "public_brand_id"}
    ),
    "brand.external_vetting.list": Example(
        'external_vettings = client.messaging_10dlc.brand.external_vetting.list(\n"brandId",\n)\nprint(external_vettings)',
        {'"brandId"': "brand_id"},
        prints=r"ArrayPage\(page=1, records=1, total_records=1\)\n",
    ),
    "brand.external_vetting.order": Example(
        'response = client.messaging_10dlc.brand.external_vetting.order(\nbrand_id="brandId",\nevp_id="evpId",\nvetting_class="vettingClass",\n)\nprint(response.create_date)',
        {'"brandId"': "brand_id", '"evpId"': '"WMC"', '"vettingClass"': '"ENHANCED"'},
        prints=r"2026-09-21T14:\d\d:\d\d\+00:00\n",
    ),
    "brand.external_vetting.imports": Example(
        'response = client.messaging_10dlc.brand.external_vetting.imports(\nbrand_id="brandId",\nevp_id="evpId",\nvetting_id="vettingId",\n)\nprint(response.create_date)',
        {'"brandId"': "brand_id", '"evpId"': '"WMC"', '"vettingId"': '"wmc-vetting-1"'},
        prints=r"2026-09-21T14:\d\d:\d\d\+00:00\n",
    ),
    "brand.revet": Example(
        'telnyx_brand = client.messaging_10dlc.brand.revet(\n"brandId",\n)\nprint(telnyx_brand.identity_status)',
        {'"brandId"': "brand_id"},
        prints="VETTED_VERIFIED\n",
    ),
    "brand.retrieve_sms_otp_status": Example(
        'response = client.messaging_10dlc.brand.retrieve_sms_otp_status(\n"4b20019b-043a-78f8-0657-b3be3f4b4002",\n)\nprint(response.brand_id)',
        {'"4b20019b-043a-78f8-0657-b3be3f4b4002"': "sole_proprietor_id"},
        prints="<sole_proprietor_id>\n",
    ),
    "brand.trigger_sms_otp": Example(
        'response = client.messaging_10dlc.brand.trigger_sms_otp(\nbrand_id="4b20019b-043a-78f8-0657-b3be3f4b4002",\npin_sms="Your PIN is @OTP_PIN@",\nsuccess_sms="Verification successful!",\n)\nprint(response.brand_id)',
        {'"4b20019b-043a-78f8-0657-b3be3f4b4002"': "sole_proprietor_id"},
        prints="<sole_proprietor_id>\n",
    ),
    "brand.verify_sms_otp": Example(
        'client.messaging_10dlc.brand.verify_sms_otp(\nbrand_id="4b20019b-043a-78f8-0657-b3be3f4b4002",\notp_pin="123456",\n)',
        {'"4b20019b-043a-78f8-0657-b3be3f4b4002"': "sole_proprietor_id", '"123456"': "otp_pin"},
    ),
    "brand.get_sms_otp_by_reference": Example(
        'response = client.messaging_10dlc.brand.get_sms_otp_by_reference(\nreference_id="OTP4B2001",\n)\nprint(response.brand_id)',
        {'"OTP4B2001"': "otp_reference_id"},
        prints="<sole_proprietor_id>\n",
    ),
    "brand.get_feedback": Example(
        'response = client.messaging_10dlc.brand.get_feedback(\n"brandId",\n)\nprint(response.brand_id)',
        {'"brandId"': "brand_id"},
        prints="<brand_id>\n",
    ),
    "campaign_builder.submit": Example(
        'telnyx_campaign_csp = client.messaging_10dlc.campaign_builder.submit(\nbrand_id="brandId",\ndescription="description",\nusecase="usecase",\n)\nprint(telnyx_campaign_csp.brand_id)',
        {
            '"brandId"': "brand_id",
            '"usecase"': '"CUSTOMER_CARE"',
            'description="description",': 'description="description", optout_message="ABC Mobile: unsubscribed.",',
        },
        prints="<brand_id>\n",
    ),
    "campaign_builder.brand.qualify_by_usecase": Example(
        'response = client.messaging_10dlc.campaign_builder.brand.qualify_by_usecase(\nusecase="usecase",\nbrand_id="brandId",\n)\nprint(response.annual_fee)',
        {'"brandId"': "brand_id", '"usecase"': '"CUSTOMER_CARE"'},
        prints="120.0\n",
    ),
    "campaign.list": Example(
        'page = client.messaging_10dlc.campaign.list(\nbrand_id="brandId",\n)\npage = page.records[0]\nprint(page.age_gated)',
        {'"brandId"': "brand_id"},
        prints="False\n",
    ),
    "campaign.retrieve": Example(
        'telnyx_campaign_csp = client.messaging_10dlc.campaign.retrieve(\n"campaignId",\n)\nprint(telnyx_campaign_csp.brand_id)',
        {'"campaignId"': "campaign_id"},
        prints="<brand_id>\n",
    ),
    "campaign.update": Example(
        'telnyx_campaign_csp = client.messaging_10dlc.campaign.update(\ncampaign_id="campaignId",\n)\nprint(telnyx_campaign_csp.brand_id)',
        {'"campaignId"': "campaign_id"},
        prints="<brand_id>\n",
    ),
    "campaign.deactivate": Example(
        'response = client.messaging_10dlc.campaign.deactivate(\n"campaignId",\n)\nprint(response.time)',
        {'"campaignId"': "spare_campaign_id"},
        prints=r"17900\d{5}\.0\n",
    ),
    "campaign.submit_appeal": Example(
        'response = client.messaging_10dlc.campaign.submit_appeal(\ncampaign_id="5eb13888-32b7-4cab-95e6-d834dde21d64",\nappeal_reason="The website has been updated to include the required privacy policy and terms of service.",\n)\nprint(response.appealed_at)',
        {'"5eb13888-32b7-4cab-95e6-d834dde21d64"': "failed_campaign_id"},
        prints=r"2026-09-21T14:\d\d:\d\d\+00:00\n",
    ),
    "campaign.get_mno_metadata": Example(
        'response = client.messaging_10dlc.campaign.get_mno_metadata(\n"campaignId",\n)\nprint(response._10999)',
        {'"campaignId"': "campaign_id"},
        prints=r"MnoMetadataItem\(\{'mno': 'Interop', 'qualify': True, .*\}\)\n",
    ),
    "campaign.get_operation_status": Example(
        'response = client.messaging_10dlc.campaign.get_operation_status(\n"campaignId",\n)\nprint(response)',
        {'"campaignId"': "campaign_id"},
        prints=r"CampaignOperationStatus\(\{'10017': 'APPROVED', .*\}\)\n",
    ),
    "campaign.osr.get_attributes": Example(
        'response = client.messaging_10dlc.campaign.osr.get_attributes(\n"campaignId",\n)\nprint(response)',
        {'"campaignId"': "campaign_id"},
        prints=r"OsrAttributes\(\{'brandId': '<brand_id>', .*'msg_class': 'A', 'status': '7'\}\)\n",
    ),
    "campaign.get_sharing_status": Example(
        'response = client.messaging_10dlc.campaign.get_sharing_status(\n"campaignId",\n)\nprint(response.shared_by_me)',
        {'"campaignId"': "campaign_id"},
        prints=r"CampaignSharingStatus\(\{'upstreamCnpId': 'TELNYX', .*'sharingStatus': 'ACCEPTED', .*\}\)\n",
    ),
    "campaign.accept_sharing": Example(
        'response = client.messaging_10dlc.campaign.accept_sharing(\n"C26F1KLZN",\n)\nprint(response)',
        prints=r"TenDLCObject\(\{\}\)\n",
    ),
    "campaign.usecase.get_cost": Example(
        'response = client.messaging_10dlc.campaign.usecase.get_cost(\nusecase="usecase",\n)\nprint(response.campaign_usecase)',
        {'"usecase"': '"CUSTOMER_CARE"'},
        prints="CUSTOMER_CARE\n",
    ),
    "partner_campaigns.list": Example(
        "page = client.messaging_10dlc.partner_campaigns.list()\npage = page.records[0]\nprint(page.tcr_brand_id)",
        prints="<partner_tcr_brand_id>\n",
    ),
    "partner_campaigns.retrieve": Example(
        'telnyx_downstream_campaign = client.messaging_10dlc.partner_campaigns.retrieve(\n"campaignId",\n)\nprint(telnyx_downstream_campaign.tcr_brand_id)',
        {'"campaignId"': "partner_campaign_id"},
        prints="<partner_tcr_brand_id>\n",
    ),
    "partner_campaigns.update": Example(
        'telnyx_downstream_campaign = client.messaging_10dlc.partner_campaigns.update(\ncampaign_id="campaignId",\n)\nprint(telnyx_downstream_campaign.tcr_brand_id)',
        {'"campaignId"': "partner_campaign_id"},
        prints="<partner_tcr_brand_id>\n",
    ),
    "partner_campaigns.retrieve_sharing_status": Example(
        'response = client.messaging_10dlc.partner_campaigns.retrieve_sharing_status(\n"campaignId",\n)\nprint(response)',
        {'"campaignId"': "partner_campaign_id"},
        prints=r"PartnerCampaignSharing\(\{'sharedWithMe': \{'upstreamCnpId': 'PARTNERCNP', .*\}\}\)\n",
    ),
    "partner_campaigns.list_shared_by_me": Example(
        "page = client.messaging_10dlc.partner_campaigns.list_shared_by_me()\npage = page.records[0]\nprint(page.brand_id)",
        prints="<tcr_brand_id>\n",
    ),
    "phone_number_campaigns.list": Example(
        "page = client.messaging_10dlc.phone_number_campaigns.list()\npage = page.records[0]\nprint(page.campaign_id)",
        prints="<campaign_id>\n",
    ),
    "phone_number_campaigns.create": Example(
        'phone_number_campaign = client.messaging_10dlc.phone_number_campaigns.create(\ncampaign_id="4b300178-131c-d902-d54e-72d90ba1620j",\nphone_number="+18005550199",\n)\nprint(phone_number_campaign.campaign_id)',
        {'"4b300178-131c-d902-d54e-72d90ba1620j"': "campaign_id", '"+18005550199"': '"+18005550198"'},
        prints="<campaign_id>\n",
    ),
    "phone_number_campaigns.retrieve": Example(
        'phone_number_campaign = client.messaging_10dlc.phone_number_campaigns.retrieve(\n"phoneNumber",\n)\nprint(phone_number_campaign.campaign_id)',
        {'"phoneNumber"': f'"{NUMBER}"'},
        prints="<campaign_id>\n",
    ),
    "phone_number_campaigns.update": Example(
        'phone_number_campaign = client.messaging_10dlc.phone_number_campaigns.update(\ncampaign_phone_number="phoneNumber",\ncampaign_id="4b300178-131c-d902-d54e-72d90ba1620j",\nphone_number="+18005550199",\n)\nprint(phone_number_campaign.campaign_id)',
        {'"phoneNumber"': f'"{NUMBER}"', '"4b300178-131c-d902-d54e-72d90ba1620j"': "other_campaign_id"},
        prints="<other_campaign_id>\n",
    ),
    "phone_number_campaigns.delete": Example(
        'phone_number_campaign = client.messaging_10dlc.phone_number_campaigns.delete(\n"phoneNumber",\n)\nprint(phone_number_campaign.campaign_id)',
        {'"phoneNumber"': f'"{NUMBER}"'},
        prints="<campaign_id>\n",
    ),
    "phone_number_assignment_by_profile.assign": Example(
        'response = client.messaging_10dlc.phone_number_assignment_by_profile.assign(\nmessaging_profile_id="4001767e-ce0f-4cae-9d5f-0d5e636e7809",\n)\nprint(response.messaging_profile_id)',
        {
            'messaging_profile_id="4001767e-ce0f-4cae-9d5f-0d5e636e7809",': f'messaging_profile_id="{PROFILE}", campaign_id="<campaign_id>",'
        },
        prints=f"{PROFILE}\n",
    ),
    "phone_number_assignment_by_profile.retrieve_status": Example(
        'response = client.messaging_10dlc.phone_number_assignment_by_profile.retrieve_status(\n"taskId",\n)\nprint(response.status)',
        {'"taskId"': "task_id"},
        prints="completed\n",
    ),
    "phone_number_assignment_by_profile.list_phone_number_status": Example(
        'response = client.messaging_10dlc.phone_number_assignment_by_profile.list_phone_number_status(\ntask_id="taskId",\n)\nprint(response.records)',
        {'"taskId"': "task_id"},
        prints=r"\[AssignmentTaskPhoneNumber\(\{'phoneNumber': '\+1\d+', 'status': 'success', 'taskId': '<task_id>'\}\)(, .*)?\]\n",
    ),
}


@dataclass
class World:
    """Real resources in the sandbox, for the examples' placeholders."""

    values: dict[str, str]

    def fill(self, text: str) -> str:
        return re.sub(r"<(\w+)>", lambda match: self.values[match.group(1)], text)


@pytest.fixture
def reference_world(dlc, sandbox_control, advance, make_brand, make_campaign) -> World:
    brand = make_brand("ABC Mobile")
    campaign = make_campaign(brand.brand_id, brand_name="ABC Mobile")
    other_campaign = make_campaign(brand.brand_id, brand_name="ABC Mobile")
    spare_campaign = make_campaign(brand.brand_id, brand_name="ABC Mobile")
    failed_campaign = make_campaign(brand.brand_id, brand_name="ABC Mobile")
    sandbox_control.post(
        f"/campaigns/{failed_campaign.campaign_id}/transition", {"campaignStatus": "TELNYX_FAILED"}
    )
    dlc.brand.external_vetting.order(brand.brand_id, evp_id="AEGIS", vetting_class="STANDARD")
    sandbox_control.post("/shared_by_me", {"campaignId": campaign.campaign_id})
    partner = sandbox_control.post("/partner_campaigns", {"accepted": True}).json
    sandbox_control.post("/partner_campaigns", {"tcrCampaignId": "C26F1KLZN"})
    dlc.phone_number_campaigns.create(campaign_id=campaign.campaign_id, phone_number=NUMBER)
    sandbox_control.post(
        f"/messaging_profiles/{PROFILE}/numbers", {"phoneNumbers": ["+12025550161", "+12025550162"]}
    )
    task = dlc.phone_number_assignment_by_profile.assign(
        messaging_profile_id=PROFILE, campaign_id=campaign.campaign_id
    )
    public_brand = dlc.brand.create(
        **brand_fields(
            "Listed Co",
            entity_type="PUBLIC_PROFIT",
            stock_symbol="AAPL",
            stock_exchange="NASDAQ",
            business_contact_email="ceo@listed.example",
        )
    )
    spare_brand = make_brand("Spare Brand")
    sole_proprietor = dlc.brand.create(
        country="US",
        display_name="Jane's Bakery",
        email="jane@bakery.example",
        entity_type="SOLE_PROPRIETOR",
        vertical="RETAIL",
        first_name="Jane",
        last_name="Doe",
        mobile_phone="+12025550142",
    )
    advance(10)
    otp = dlc.brand.trigger_sms_otp(sole_proprietor.brand_id, pin_sms="PIN: @OTP_PIN@", success_sms="Done")
    advance(2)
    return World(
        {
            "brand_id": brand.brand_id,
            "tcr_brand_id": brand.tcr_brand_id,
            "campaign_id": campaign.campaign_id,
            "other_campaign_id": other_campaign.campaign_id,
            "spare_campaign_id": spare_campaign.campaign_id,
            "failed_campaign_id": failed_campaign.campaign_id,
            "spare_brand_id": spare_brand.brand_id,
            "public_brand_id": public_brand.brand_id,
            "sole_proprietor_id": sole_proprietor.brand_id,
            "otp_reference_id": otp.reference_id,
            "otp_pin": sandbox_control.get(f"/brands/{sole_proprietor.brand_id}/smsOtp").json["otpPin"],
            "partner_campaign_id": partner["tcrCampaignId"],
            "partner_tcr_brand_id": partner["tcrBrandId"],
            "task_id": task.task_id,
        }
    )


def with_real_values(example: Example, world: World) -> str:
    code = example.code
    for placeholder, value in example.substitutions.items():
        real = f'"{world.values[value]}"' if value in world.values else world.fill(value)
        code = code.replace(placeholder, real)
    return code


def run(code: str, client: TenDLCClient) -> None:
    exec(code, {"client": client})


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_runs_against_our_client(name, tendlc_client, reference_world, capsys):
    example = EXAMPLES[name]
    capsys.readouterr()

    run(with_real_values(example, reference_world), tendlc_client)

    printed = capsys.readouterr().out
    assert re.fullmatch(reference_world.fill(example.prints), printed, flags=re.DOTALL), printed


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("brand.create", {"email", "company_name"}),
        ("brand.update", {"email"}),
        ("campaign_builder.submit", {"optout_message"}),
        ("phone_number_assignment_by_profile.assign", {"campaign_id"}),
    ],
)
def test_examples_that_need_more_than_ids_are_refused_as_printed(
    name, fields, tendlc_client, reference_world
):
    example = EXAMPLES[name]
    code = example.code.replace('"brandId"', f'"{reference_world.values["brand_id"]}"').replace(
        '"usecase"', '"CUSTOMER_CARE"'
    )

    with pytest.raises(UnprocessableEntityError) as caught:
        run(code, tendlc_client)

    assert set(caught.value.field_errors) == fields


@pytest.fixture
def document() -> str:
    if not DOCUMENT.exists():
        pytest.skip(f"the reference document is not at {DOCUMENT}")
    return DOCUMENT.read_text()


def test_every_example_is_copied_verbatim(document):
    assert SDK_SETUP in document
    assert [name for name, example in EXAMPLES.items() if example.code not in document] == []


def test_no_example_of_the_document_is_left_out(document):
    called = set(re.findall(r"client\.messaging_10dlc\.([a-z_0-9.]+)\(", document))

    assert called == set(EXAMPLES)


def test_placeholders_are_all_replaced(reference_world):
    placeholders = (
        '"brandId"',
        '"campaignId"',
        '"taskId"',
        '"phoneNumber"',
        "4b20019b",
        "5eb13888",
        "OTP4B2001",
    )
    leftovers: dict[str, Any] = {
        name: [p for p in placeholders if p in with_real_values(example, reference_world)]
        for name, example in EXAMPLES.items()
    }
    assert {name: found for name, found in leftovers.items() if found} == {}
