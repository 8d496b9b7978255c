"""Helpers shared by the risk views."""

from __future__ import annotations

RISKS = ("Risks", "/risks/")
