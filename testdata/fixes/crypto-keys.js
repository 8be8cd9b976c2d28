// Keys pasted into crypto calls; the fix reads them from the environment.
const crypto = require('crypto');
const jwt = require('jsonwebtoken');

function sign(payload) {
  return crypto.createHmac('sha256', 'webhook-signing-s3cr3t').update(payload).digest('hex'); // want TL303
}

function issue(userId) {
  return jwt.sign({ sub: userId }, 'jwt-signing-secret', { expiresIn: '15m' }); // want TL303
}

module.exports = { sign, issue };
