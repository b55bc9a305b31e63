"""Chinese pages group figures in thousands (1,048条, 12,345.60元) as the English ones do.

Django's Chinese locale groups by 万 with no separator, so ``floatformat:"2g"`` and
``intcomma`` printed 12345.60; everything else (dates, times) is Django's Chinese format.
USE_THOUSAND_SEPARATOR stays off: only figures a template asks to group are grouped, never a
year, an id or a code.
"""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
