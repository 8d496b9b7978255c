"""Canonical tables → the statutory returns: SSDA903 (CSV or XML) and the CIN census (XML).

Framework-free: each exporter takes the canonical tables (`assure.casedata.schema`) and a collection
year, and returns bytes. `year_tables` in each module says which canonical records the return
carries, as they stood on 31 March of the collection year.
"""

from assure.casedata.exporters import cin, ssda903

__all__ = ["cin", "ssda903"]
