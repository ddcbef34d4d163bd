"""A local simulator of the Telnyx 10DLC API, for running and testing the portal with no internet.

It is a stand-alone WSGI application with its own SQLite state: it imports nothing from Django or from
``tendlc.models``, so it runs straight after ``make install`` (``python manage.py runsandbox``).
"""
