package keys

import "crypto/x509"

const signingKey = `-----BEGIN EC PRIVATE KEY----- // want TL103
xHG16UXXUf5OdSdDz29IWYnoWSEu+VC8KPBWKfhY08yOfN2/sQ0j2v6SXf15v3ic
wILfeWpHrkkEqeY/7mNLoRPNMO3Nxz1hc1ZBvqp+A6yyC1YXiDjKMsd0aQ8AWZhL
-----END EC PRIVATE KEY-----`

var deployKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nxeeub1fqpu4Gs50ceXa171Ya75Q0HbeO/gpmvHs51+mFGHx9N+nJxDSYX34ICCGJ\nza54I+v3dxxGhNfBsGIVHKkBHTI/hSXxwtcXvLnW+MufN+K+WODI0rcnnOwM46iH\n-----END OPENSSH PRIVATE KEY-----\n" // want TL103

// Look-alikes that must stay silent.
const publicKey = `-----BEGIN PUBLIC KEY-----
v+YqoFo3kBc8cvSL+2MeaBF8B4Csz3RlJJmbE9xEHBPQiMvb6rmg6MatnWeXCLFp
-----END PUBLIC KEY-----`

const placeholder = "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----"

const pemType = "RSA PRIVATE KEY"

var _ = x509.ParsePKCS8PrivateKey
