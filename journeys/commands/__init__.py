"""Sub-command modules of the ``journeys`` command line."""
