import os

from django.core.asgi import get_asgi_application

from tendlc.checks import refuse_a_weak_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

application = get_asgi_application()
# Gunicorn and runserver load this module before they serve anyone: a weak key stops them here.
refuse_a_weak_secret_key()
