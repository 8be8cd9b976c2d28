"""Service-account helpers an assistant wrote."""

import json

SERVICE_ACCOUNT = {
    "type": "service_account",
    "private_key_id": "c3f0a1b2",
    "private_key": "-----BEGIN PRIVATE KEY-----\npmh8wtrYaDoNRcjOKfoPsS3g0QqilglAA905KnHGku2f9Bio/nHihnZhQbcj3TpM\nhIobthN0xqRdl/RhJ/MvTEKzQShrp80ohVfK6vZQiag6m0pHpsjyt8w/U8CdQOfh\n-----END PRIVATE KEY-----\n",  # want TL103
    "client_email": "bot@project.iam.gserviceaccount.com",
}

PGP_KEY = """-----BEGIN PGP PRIVATE KEY BLOCK-----  # want TL103

xHG16UXXUf5OdSdDz29IWYnoWSEu+VC8KPBWKfhY08yOfN2/sQ0j2v6SXf15v3ic
wILfeWpHrkkEqeY/7mNLoRPNMO3Nxz1hc1ZBvqp+A6yyC1YXiDjKMsd0aQ8AWZhL
-----END PGP PRIVATE KEY BLOCK-----"""

# Look-alikes that must stay silent.
PUBLIC = """-----BEGIN PUBLIC KEY-----
xeeub1fqpu4Gs50ceXa171Ya75Q0HbeO/gpmvHs51+mFGHx9N+nJxDSYX34ICCGJ
-----END PUBLIC KEY-----"""
DOC = "-----BEGIN OPENSSH PRIVATE KEY-----\n...\n-----END OPENSSH PRIVATE KEY-----"
HEADER = "-----BEGIN PRIVATE KEY-----"


def credentials():
    return json.dumps(SERVICE_ACCOUNT)
