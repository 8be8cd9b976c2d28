"""Opener helpers.

Example::

    authinfo = urllib.request.HTTPBasicAuthHandler()
    authinfo.add_password(realm="PDQ Application", user="klem", passwd="geheim$parole")  want TL102
"""

import urllib.request
