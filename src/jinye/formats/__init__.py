"""Number formats that differ from Django's: see :mod:`jinye.formats.zh_Hans.formats`."""
