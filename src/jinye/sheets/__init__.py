"""The spreadsheet kit: read a sheet (``readers``), parse and show its cells (``cells``), write
a sheet (``xlsx``). Below the apps: it knows no model and no app, only gettext and
:mod:`jinye.errors`; dataio (imports, exports) and forecasts (the forecast sheet) use it."""
