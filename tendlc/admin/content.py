"""The campaign's content groups (``tendlc.models.campaign_content``) as admin fieldsets: one place for the
campaign's and the partner campaign's pages to lay them out from."""

from typing import TYPE_CHECKING

from tendlc.models.campaign_content import content_groups

if TYPE_CHECKING:
    # django-stubs names the fieldsets' type only privately; its stubs exist only for the type checker.
    from django.contrib.admin.options import _FieldsetSpec


def content_fieldsets(*, leaving_out: tuple[str, ...]) -> "_FieldsetSpec":
    """One fieldset per content group, without the fields ``leaving_out`` names (shown elsewhere on the page,
    or absent from the model)."""
    return tuple((group.title, {"fields": group.fields}) for group in content_groups(leaving_out=leaving_out))
