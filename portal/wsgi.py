import os

from django.core.wsgi import get_wsgi_application

from portal.webhook_wsgi import WebhookDispatch, WebhookHandler
from tendlc.checks import refuse_a_weak_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

django_application = get_wsgi_application()
# Telnyx's bursts skip the middleware only people's pages need (portal/webhook_wsgi.py says which is kept).
application = WebhookDispatch(django_application, WebhookHandler())
# Gunicorn and runserver load this module before they serve anyone: a weak key stops them here.
refuse_a_weak_secret_key()
