// HTTPS clients an assistant configured "to make the certificate error go away".
const https = require('https');
const axios = require('axios');
const { Pool } = require('pg');

process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // want TL305

const agent = new https.Agent({
  keepAlive: true,
  rejectUnauthorized: false, // want TL305
});

const client = axios.create({ baseURL: 'https://internal.example.com', httpsAgent: new https.Agent({ rejectUnauthorized: false }) }); // want TL305

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  ssl: { rejectUnauthorized: false }, // want TL305
});

const tlsOptions = {
  host: 'mqtt.example.com',
  port: 8883,
  checkServerIdentity: () => undefined, // want TL305
};

// Look-alikes.
const strictAgent = new https.Agent({ rejectUnauthorized: true });
const devAgent = new https.Agent({ rejectUnauthorized: process.env.NODE_ENV === 'production' });
const ca = new https.Agent({ ca: process.env.EXTRA_CA_PEM });
const form = { rejectUnauthorizedWarnings: false, verify: false };
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';

module.exports = { agent, client, pool, tlsOptions, strictAgent, devAgent, ca, form };
