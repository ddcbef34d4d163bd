"""Read-only panels under an object's form (feedback, carriers, appeals, the audit history), and the base
class every portal admin derives from (with the object actions of ``tendlc.admin.object_actions``).

A ModelAdmin names its panels in ``object_panels``; each is a template rendered with its own context, so a
panel's queries run only on the page that shows it. Its ``summary`` heads the page (``tendlc.admin.summary``),
and the form's fieldsets and the panels are shown in tabs (``tendlc.admin.tabs``; ``fieldset_tabs`` moves
fieldsets out of "Details").
"""

from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse

from tendlc.admin.object_actions import ModelT, ObjectActionsAdmin
from tendlc.admin.summary import Summary
from tendlc.admin.tabs import record_tabs
from tendlc.selectors.audit import audit_list_for

# Enough to see what happened lately; the audit log's own list has everything, filterable.
AUDIT_PANEL_ROWS = 20


@dataclass(frozen=True)
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


class PortalAdmin(ObjectActionsAdmin[ModelT]):
    change_form_template = "admin/tendlc/change_form.html"
    fieldset_tabs: ClassVar[dict[str, str]] = {}
    # False for a page whose panel is what it is for (a task's progress): shown whole, not behind a tab.
    tabbed: ClassVar[bool] = True

    class Media:
        css = {"all": ["tendlc/admin.css", "tendlc/records.css"]}
        js = ["tendlc/tabs.js"]

    def object_panels(self, request: HttpRequest, obj: ModelT) -> list[Panel]:
        """Panels shown under ``obj``'s form; the audit history is always last."""
        return []

    def summary(self, request: HttpRequest, obj: ModelT) -> Summary | None:
        """What heads ``obj``'s page: its status, key ids and what needs doing next."""
        return None

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: ModelT | None = None,
    ) -> HttpResponse:
        context["object_actions"] = self.object_action_buttons(request, obj)
        if obj is not None and obj.pk is not None:
            entries = list(audit_list_for(obj)[: AUDIT_PANEL_ROWS + 1])
            history = Panel(
                "Audit history",
                "admin/tendlc/panels/audit.html",
                {
                    "entries": entries[:AUDIT_PANEL_ROWS],
                    "more": len(entries) > AUDIT_PANEL_ROWS,
                    "target_type": ContentType.objects.get_for_model(obj).pk,
                    "target_id": obj.pk,
                },
            )
            panels = [*self.object_panels(request, obj), history]
            context["object_panels"] = panels
            context["summary"] = self.summary(request, obj)
            if self.tabbed:
                context["record_tabs"] = record_tabs(
                    context["adminform"], [panel.title for panel in panels], self.fieldset_tabs
                )
        return super().render_change_form(request, context, add, change, form_url, obj)
