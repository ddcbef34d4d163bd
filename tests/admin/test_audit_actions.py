"""The audit log names actions in words for compliance people: every action code the portal records has a
label, shown in the list, its filter, the entry's page and each record's audit history; the code itself
stays in the technical details and the API."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

import portal
import tendlc
from tendlc.models import AuditEntry
from tendlc.models.audit import ACTION_LABELS, action_label
from tests import factories
from tests.api.read_factories import AuditEntryFactory

pytestmark = pytest.mark.django_db

RECORDERS = {"audited", "audit_record"}
SOURCES = [
    path
    for package in (tendlc, portal)
    for path in Path(package.__file__).parent.rglob("*.py")
    if "sandbox" not in path.parts
]


def recorded_actions() -> set[str]:
    """Each ``action=`` given to ``audited`` or ``audit_record`` in the code, a module's constant resolved."""
    constants: dict[str, str] = {}
    given: list[ast.expr] = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                for target in node.targets:
                    if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                        constants[target.id] = node.value.value
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in RECORDERS and not path.match("services/audit.py"):
                    given.extend(keyword.value for keyword in node.keywords if keyword.arg == "action")
    actions = set()
    for value in given:
        if isinstance(value, ast.Constant):
            actions.add(value.value)
        else:
            assert isinstance(value, ast.Name), ast.dump(value)
            actions.add(constants[value.id])
    return actions


def test_every_recorded_action_has_a_label_and_every_label_is_recorded():
    actions = recorded_actions()

    assert {"sign_in.unlock", "campaign.submit", "sync.request", "two_factor.reset"} <= actions
    assert sorted(actions - ACTION_LABELS.keys()) == []
    assert sorted(ACTION_LABELS.keys() - actions) == []


def test_a_code_without_a_label_is_still_shown_in_words():
    assert action_label("sign_in.unlock") == "Unlocked an account after wrong passwords"
    assert action_label("brand.archive_old") == "Brand: archive old"


def entry(action: str, **fields) -> AuditEntry:
    return AuditEntry.objects.create(at=timezone.now(), username="ada", action=action, **fields)


def test_the_list_and_its_filter_name_actions_in_words(compliance_admin_client):
    entry("sign_in.unlock")
    entry("campaign.submit")

    page = compliance_admin_client.get("/admin/tendlc/auditentry/").content.decode()
    filtered = compliance_admin_client.get("/admin/tendlc/auditentry/?action=sign_in.unlock")

    assert "Unlocked an account after wrong passwords" in page
    assert "Submitted a campaign" in page
    assert "sign_in.unlock</" not in page
    assert "campaign.submit</" not in page
    assert '<a href="?action=sign_in.unlock">Unlocked an account after wrong passwords</a>' in page
    assert list(filtered.context["cl"].result_list) == list(
        AuditEntry.objects.filter(action="sign_in.unlock")
    )


def test_the_entry_page_names_the_action_and_keeps_the_code_for_admins(compliance_admin_client, staff_client):
    recorded = entry("brand.revet", request_summary={"brand_id": "4b20"})
    url = f"/admin/tendlc/auditentry/{recorded.pk}/change/"

    staff_page = staff_client.get(url).content.decode()
    admin_page = compliance_admin_client.get(url).content.decode()

    assert "Asked for the brand to be vetted again" in staff_page
    assert "brand.revet" not in staff_page
    technical = admin_page[admin_page.index('<details class="tendlc-technical">') :]
    assert "brand.revet" in technical
    assert "brand.revet" not in admin_page[: admin_page.index('<details class="tendlc-technical">')]


def test_a_records_audit_history_names_the_action(staff_client):
    brand = factories.BrandFactory()
    entry(
        "brand.revet",
        target_type=ContentType.objects.get_for_model(brand),
        target_id=str(brand.pk),
        target_repr=str(brand),
    )

    page = staff_client.get(f"/admin/tendlc/brand/{brand.pk}/change/").content.decode()

    assert "<td>Asked for the brand to be vetted again</td>" in page
    assert "brand.revet" not in page


def test_the_api_keeps_the_code(compliance_admin_client):
    entry("sign_in.unlock")

    response = compliance_admin_client.get("/api/v1/audit-log/")

    assert [row["action"] for row in response.json()["results"]] == ["sign_in.unlock"]


def test_the_record_kind_filter_lists_the_kinds_audited_in_words(compliance_admin_client):
    brand, campaign = factories.BrandFactory(), factories.CampaignFactory()
    for record in (brand, campaign):
        entry("brand.revet", target_type=ContentType.objects.get_for_model(record), target_id=str(record.pk))
    brand_type = ContentType.objects.get_for_model(brand)

    response = compliance_admin_client.get("/admin/tendlc/auditentry/")
    record_kinds = next(spec for spec in response.context["cl"].filter_specs if spec.title == "target type")
    filtered = compliance_admin_client.get(
        f"/admin/tendlc/auditentry/?target_type__id__exact={brand_type.pk}"
    )

    assert [name for _, name in record_kinds.lookup_choices] == ["Brand", "Campaign"]
    assert "Tendlc | brand" not in response.content.decode()
    assert [row.target_id for row in filtered.context["cl"].result_list] == [str(brand.pk)]


def test_the_audit_log_filters_by_period_without_a_date_drill_down(admin_client):
    today = AuditEntryFactory(target_repr="Done today")
    older = AuditEntryFactory(target_repr="Done last year")
    AuditEntry.objects.filter(pk=older.pk).update(at=timezone.now() - timedelta(days=400))

    page = admin_client.get("/admin/tendlc/auditentry/?period=today").content.decode()

    assert (today.target_repr in page, older.target_repr in page) == (True, False)
