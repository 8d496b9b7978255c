"""The indicator library: importing this package registers every indicator."""

from assure.indicators.engine.library import adoption, cin, cla, clinic, leavers

__all__ = ["adoption", "cin", "cla", "clinic", "leavers"]
