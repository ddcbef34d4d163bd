"""The brand forms: the add and change form with the entity type's rules, and the object actions' forms.

Which fields an entity type requires, and which do not apply to it, is decided here once (``ENTITY_RULES``):
``BrandForm.clean`` enforces it and the change page hands the same table to ``brand_form.js``, which hides
what does not apply and marks what is required. Values of fields that do not apply are dropped on save: the
browser hid them, so the user could neither see nor clear them.
"""

import re
from typing import Any, cast

from django import forms
from django.db.models import Field
from django.utils.html import format_html

from tendlc.choices import EntityType
from tendlc.forms.fields import HttpsURLField
from tendlc.models import Brand
from tendlc.services.brands import PIN_PLACEHOLDER, VettingOptions
from tendlc.services.number_input import phone_number_e164

CREATE_FIELDS = (
    "entity_type", "display_name", "company_name", "ein", "vertical", "is_reseller", "mock",
    "stock_symbol", "stock_exchange", "business_contact_email",
    "first_name", "last_name", "email", "phone", "mobile_phone",
    "street", "city", "state", "postal_code", "country",
    "website", "webhook_url", "webhook_failover_url", "ip_address",
)  # fmt: skip
# B4 takes neither mock nor mobilePhone, and takes the alternative business id besides (reference §2.2).
UPDATE_FIELDS = (
    *(name for name in CREATE_FIELDS if name not in {"mock", "mobile_phone"}),
    "alt_business_id_type",
    "alt_business_id",
)
PHONE_FIELDS = ("phone", "mobile_phone")

COMPANIES = (
    EntityType.PRIVATE_PROFIT,
    EntityType.PUBLIC_PROFIT,
    EntityType.NON_PROFIT,
    EntityType.GOVERNMENT,
)
# The reference requires the EIN of non-profits only; the registry cannot verify any company's tax identity
# without one (it answers TAX_ID feedback), so the portal asks every company for it.
REQUIRED_BY_ENTITY: dict[str, tuple[str, ...]] = {
    EntityType.PRIVATE_PROFIT: ("company_name", "ein"),
    EntityType.PUBLIC_PROFIT: (
        "company_name", "ein", "stock_symbol", "stock_exchange", "business_contact_email",
    ),
    EntityType.NON_PROFIT: ("company_name", "ein"),
    EntityType.GOVERNMENT: ("company_name", "ein"),
    EntityType.SOLE_PROPRIETOR: ("first_name", "last_name", "mobile_phone"),
}  # fmt: skip
APPLIES_TO: dict[str, tuple[str, ...]] = {
    "company_name": COMPANIES,
    "ein": COMPANIES,
    "alt_business_id_type": COMPANIES,
    "alt_business_id": COMPANIES,
    "stock_symbol": (EntityType.PUBLIC_PROFIT,),
    "stock_exchange": (EntityType.PUBLIC_PROFIT,),
    "business_contact_email": (EntityType.PUBLIC_PROFIT,),
    "mobile_phone": (EntityType.SOLE_PROPRIETOR,),
}
ENTITY_RULES = {
    entity: {
        "required": list(REQUIRED_BY_ENTITY[entity]),
        "hidden": [name for name, entities in APPLIES_TO.items() if entity not in entities],
    }
    for entity in EntityType.values
}

# The USPS codes the API takes as a US brand's state: the states, DC and the inhabited territories. It takes
# neither a state's name nor another country's region code; lower case is read as the code it spells.
US_STATES = frozenset((
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
    "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND",
    "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC",
    "AS", "GU", "MP", "PR", "VI",
))  # fmt: skip
US_EIN = re.compile(r"^(\d{9}|\d{2}-\d{7})$")
US_POSTAL_CODE = re.compile(r"^\d{5}(-\d{4})?$")
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
PIN = re.compile(r"^\d{4,10}$")


class BrandForm(forms.ModelForm[Brand]):
    class Meta:
        model = Brand
        fields = CREATE_FIELDS
        field_classes = {
            "email": forms.EmailField,
            "business_contact_email": forms.EmailField,
            "website": HttpsURLField,
            "webhook_url": HttpsURLField,
            "webhook_failover_url": HttpsURLField,
            "ip_address": forms.GenericIPAddressField,
        }
        help_texts = {
            "entity_type": "Form of business; it decides which of the fields below are required.",
            "company_name": "Legal name, as registered with the tax authority. Required for companies.",
            "ein": "Tax id. In the US 9 digits, 123456789 or 12-3456789. Required for companies; "
            "sole proprietors have none.",
            "stock_symbol": "Ticker symbol of a public company, e.g. AAPL.",
            "stock_exchange": "Where the public company is listed.",
            "business_contact_email": "Receives the 2FA verification e-mail of a public company.",
            "first_name": "Contact first name. Required for sole proprietors.",
            "last_name": "Contact last name. Required for sole proprietors.",
            "email": "Support contact e-mail.",
            "phone": "E.164, e.g. +12025550100. A national number is read in the brand's country.",
            "mobile_phone": "The sole proprietor's mobile (E.164, US or Canada): it receives the SMS OTP. "
            "It cannot be changed after registration.",
            "country": "ISO 3166 alpha-2 code, e.g. US.",
            "state": "In the US the 2-letter state code, e.g. NY.",
            "postal_code": "In the US a ZIP code: 12345 or 12345-6789.",
            "website": "The brand's website, e.g. https://acme.example.",
            "webhook_url": "Where Telnyx sends this brand's status events.",
            "webhook_failover_url": "Tried when the webhook URL fails.",
            "ip_address": "IP address of the browser the identity was created from, if known.",
            "mock": "A test brand: no fees, no vetting, cannot carry traffic. Cannot be changed later.",
            "is_reseller": "The brand resells messaging services.",
            "alt_business_id_type": "The kind of alternative id: DUNS, GIIN or LEI.",
            "alt_business_id": "The DUNS, GIIN or LEI number itself.",
        }

    def clean_country(self) -> str:
        country: str = self.cleaned_data["country"]
        country = country.strip().upper()
        if not COUNTRY_CODE.match(country):
            raise forms.ValidationError("Enter a 2-letter ISO 3166 country code, e.g. US.")
        return country

    def clean_stock_symbol(self) -> str:
        stock_symbol: str = self.cleaned_data["stock_symbol"]
        return stock_symbol.strip().upper()

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        # Without a valid country (an error already) a national number cannot be read: it is checked on the
        # next submission, once the country is right.
        country = cleaned.get("country") or ""
        for name in PHONE_FIELDS:
            if cleaned.get(name) and country:
                cleaned[name] = self._phone(name, cleaned[name], country)
        if country == "US":
            self._us_formats(cleaned)
        entity = cleaned.get("entity_type")
        if entity:
            self._entity_rules(cleaned, entity)
        return cleaned

    def _phone(self, name: str, value: str, country: str) -> str:
        try:
            return phone_number_e164(value, country=country)
        except ValueError as error:
            self.add_error(name, str(error))
            return value

    def _us_formats(self, cleaned: dict[str, Any]) -> None:
        ein = cleaned.get("ein")
        if ein:
            if US_EIN.match(ein):
                cleaned["ein"] = ein.replace("-", "")
            else:
                self.add_error("ein", "A US EIN is 9 digits: 123456789 or 12-3456789.")
        postal_code = cleaned.get("postal_code")
        if postal_code and not US_POSTAL_CODE.match(postal_code):
            self.add_error("postal_code", "A US postal code is a ZIP code: 12345 or 12345-6789.")
        state = (cleaned.get("state") or "").strip().upper()
        if state and state not in US_STATES:
            self.add_error(
                "state",
                "A US state is its 2-letter postal code, e.g. CA or NY (DC and the territories, e.g. PR, too).",
            )
        elif state:
            cleaned["state"] = state

    def _entity_rules(self, cleaned: dict[str, Any], entity: str) -> None:
        for name, entities in APPLIES_TO.items():
            if name in self.fields and entity not in entities:
                cleaned[name] = ""
                self.errors.pop(name, None)
        label = EntityType(entity).label.lower()
        for name in REQUIRED_BY_ENTITY[entity]:
            if name in self.errors:
                continue
            if name in self.fields:
                if not cleaned.get(name):
                    self.add_error(name, f"Required for {label} brands.")
            elif not getattr(self.instance, name):
                verbose = cast(Field[Any, Any], Brand._meta.get_field(name)).verbose_name
                self.add_error(None, f"A {label} brand needs a {verbose}, which cannot be set on a change.")


class ConfirmForm(forms.Form):
    """An action with nothing to enter: the page asks, the button confirms."""


class SmsOtpTriggerForm(forms.Form):
    pin_sms = forms.CharField(
        label="PIN message",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=format_html(
            "The SMS carrying the PIN; <code>{}</code> is replaced by the 6-digit PIN.", PIN_PLACEHOLDER
        ),
    )
    success_sms = forms.CharField(
        label="Success message",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Sent once the PIN is verified. Left empty, a plain confirmation naming the brand is sent.",
    )

    def clean_pin_sms(self) -> str:
        pin_sms: str = self.cleaned_data["pin_sms"]
        if PIN_PLACEHOLDER not in pin_sms:
            raise forms.ValidationError(
                f"The PIN message must contain {PIN_PLACEHOLDER}, where the PIN goes."
            )
        return pin_sms


class SmsOtpVerifyForm(forms.Form):
    otp_pin = forms.CharField(
        label="PIN",
        max_length=20,
        help_text="The 6-digit PIN texted to the sole proprietor's mobile phone.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_otp_pin(self) -> str:
        pin: str = self.cleaned_data["otp_pin"]
        pin = pin.replace(" ", "")
        if not PIN.match(pin):
            raise forms.ValidationError("Enter the PIN's digits, e.g. 123456.")
        return pin


class VettingOrderForm(forms.Form):
    evp_id = forms.ChoiceField(label="Vetting provider", help_text="Who vets the brand.")
    vetting_class = forms.ChoiceField(
        label="Vetting class", help_text="The kind of vetting, e.g. standard or political."
    )

    def __init__(self, *args: Any, options: VettingOptions, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["evp_id"]).choices = options.providers
        cast(forms.ChoiceField, self.fields["vetting_class"]).choices = options.classes


class VettingImportForm(forms.Form):
    evp_id = forms.ChoiceField(label="Vetting provider", help_text="The provider that did the vetting.")
    vetting_id = forms.CharField(
        label="Vetting id", max_length=100, help_text="The provider's id of the vetting (its transaction id)."
    )
    vetting_token = forms.CharField(
        label="Vetting token",
        max_length=500,
        required=False,
        help_text="Some providers require it to confirm the vetting.",
    )

    def __init__(self, *args: Any, options: VettingOptions, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["evp_id"]).choices = options.providers
