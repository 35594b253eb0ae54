"""The ASGI application: what uvicorn serves (`make run`, and gunicorn's uvicorn workers in
production). The views are sync: Django runs each in a thread, borrowing a pooled connection."""

import os
import warnings

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "argmap.settings")
# whitenoise streams static files from a plain file iterator, which Django's ASGI handler reads in
# a thread and warns about on every file; the files are served all the same.
warnings.filterwarnings("ignore", "StreamingHttpResponse must consume synchronous iterators")
application = get_asgi_application()
