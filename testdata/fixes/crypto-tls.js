// TLS verification switched off; the fix removes the overrides.
const https = require('https');

process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // want TL305

const agent = new https.Agent({
  keepAlive: true,
  rejectUnauthorized: false, // want TL305
});

const inline = new https.Agent({ keepAlive: true, rejectUnauthorized: false }); // want TL305

module.exports = { agent, inline };
