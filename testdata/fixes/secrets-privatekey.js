const jwt = require("jsonwebtoken");

const privateKey = "-----BEGIN RSA PRIVATE KEY-----\n47yjWKg7moiL/VAlami1tR89fRhiHJ57DgubFWbEIY5fWsbrOzxya8wWSgMsf68f\nS3ZBxJZA/j+OC65kzYvl5BivxqEs/OZe7QuNlsqJe1yTcZzvTA4gM2TPM+xWaayZ\n-----END RSA PRIVATE KEY-----\n"; // want TL103

module.exports = (payload) => jwt.sign(payload, privateKey, { algorithm: "RS256" });
