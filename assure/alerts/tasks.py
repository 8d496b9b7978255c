"""Background work runs through core's job queue; this app's handlers are in `services.py`."""
