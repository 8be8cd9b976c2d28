// Signing helpers an assistant wrote, with the key pasted in.
const jwt = require("jsonwebtoken");

const privateKey = `-----BEGIN RSA PRIVATE KEY----- // want TL103
pmh8wtrYaDoNRcjOKfoPsS3g0QqilglAA905KnHGku2f9Bio/nHihnZhQbcj3TpM
hIobthN0xqRdl/RhJ/MvTEKzQShrp80ohVfK6vZQiag6m0pHpsjyt8w/U8CdQOfh
7K0ulypBBT8G2Jn8AD1hcCSl+tj5F+mFP9XuuT97SJHvdxYT4LwsXqr051Ofo1cj
-----END RSA PRIVATE KEY-----`;

const sshKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nxHG16UXXUf5OdSdDz29IWYnoWSEu+VC8KPBWKfhY08yOfN2/sQ0j2v6SXf15v3ic\nwILfeWpHrkkEqeY/7mNLoRPNMO3Nxz1hc1ZBvqp+A6yyC1YXiDjKMsd0aQ8AWZhL\n-----END OPENSSH PRIVATE KEY-----\n"; // want TL103

const pkcs8 = "-----BEGIN PRIVATE KEY-----\n" + // want TL103
  "xeeub1fqpu4Gs50ceXa171Ya75Q0HbeO/gpmvHs51+mFGHx9N+nJxDSYX34ICCGJ\n" +
  "za54I+v3dxxGhNfBsGIVHKkBHTI/hSXxwtcXvLnW+MufN+K+WODI0rcnnOwM46iH\n" +
  "-----END PRIVATE KEY-----\n";

const locked = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nv+YqoFo3kBc8cvSL+2MeaBF8B4Csz3RlJJmbE9xEHBPQiMvb6rmg6MatnWeXCLFp\nwSbu18kQVcY3hUefxH6tcDIJAxH1NGI8HXO4zsY662d938jkLRgAohABCSC+cbJj\n-----END ENCRYPTED PRIVATE KEY-----"; // want TL103

// Look-alikes that must stay silent.
const publicKey = `-----BEGIN PUBLIC KEY-----
pmh8wtrYaDoNRcjOKfoPsS3g0QqilglAA905KnHGku2f9Bio/nHihnZhQbcj3TpM
-----END PUBLIC KEY-----`;
const cert = "-----BEGIN CERTIFICATE-----\nxHG16UXXUf5OdSdDz29IWYnoWSEu+VC8KPBWKfhY08yOfN2/sQ0j2v6SXf15v3ic\n-----END CERTIFICATE-----";
const docs = "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----";
const template = "-----BEGIN PRIVATE KEY-----\n<your key here>\n-----END PRIVATE KEY-----";
const marker = "-----BEGIN PRIVATE KEY-----";
const fromEnv = process.env.JWT_PRIVATE_KEY;

export function sign(payload) {
  return jwt.sign(payload, privateKey, { algorithm: "RS256" });
}
