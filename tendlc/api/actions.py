"""Workflow actions, through the same services the admin calls."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
