// Encryption helpers an assistant wrote for a Node service.
const crypto = require('crypto');

const ALGORITHM = 'aes-256-cbc';
const LEGACY_ALGORITHM = 'des-ede3-cbc';
const SECRET = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6'; // want TL102
const STATIC_IV = Buffer.alloc(16, 0);
const MODULE_IV = crypto.randomBytes(16);

function encryptLegacy(text) {
  const cipher = crypto.createCipher('aes-256-cbc', SECRET); // want TL302
  let encrypted = cipher.update(text, 'utf8', 'hex');
  encrypted += cipher.final('hex');
  return encrypted;
}

function encryptDes(text, key) {
  const cipher = crypto.createCipheriv(LEGACY_ALGORITHM, key, crypto.randomBytes(8)); // want TL301
  return Buffer.concat([cipher.update(text), cipher.final()]);
}

function encryptEcb(text, key) {
  const cipher = crypto.createCipheriv('aes-128-ecb', key, null); // want TL301
  return Buffer.concat([cipher.update(text), cipher.final()]);
}

function encryptRc4(text, key) {
  return crypto.createCipheriv('rc4', key, '').update(text); // want TL301
}

function encryptStatic(text, key) {
  const cipher = crypto.createCipheriv(ALGORITHM, key, STATIC_IV); // want TL302
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

function encryptModuleIv(text, key) {
  const cipher = crypto.createCipheriv(ALGORITHM, key, MODULE_IV); // want TL302
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

function encryptLiteralIv(text, key) {
  const cipher = crypto.createCipheriv(ALGORITHM, key, '0123456789abcdef'); // want TL302
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

function encryptWithHardcodedKey(text) {
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv('aes-256-gcm', 'k9Xq2Lm7Vb4Np8Rt3Wy6Za1Hc5Jd0Fe2', iv); // want TL303
  const encrypted = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return { iv: iv.toString('hex'), data: encrypted.toString('hex'), tag: cipher.getAuthTag().toString('hex') };
}

function signPayload(payload) {
  return crypto.createHmac('sha256', 'webhook-signing-s3cr3t').update(payload).digest('hex'); // want TL303
}

// The right way: a random IV per message, the key from the environment.
function encrypt(text) {
  const key = Buffer.from(process.env.ENCRYPTION_KEY, 'hex');
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
}

function decrypt(payload, key) {
  const raw = Buffer.from(payload, 'base64');
  const iv = raw.subarray(0, 12);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

function filledIv(text, key) {
  const iv = Buffer.alloc(16);
  crypto.randomFillSync(iv);
  const cipher = crypto.createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(text), cipher.final()]);
}

function hmacFromEnv(body) {
  return crypto.createHmac('sha256', process.env.HMAC_SECRET).update(body).digest('hex');
}

async function webEncrypt(key, data) {
  const iv = new Uint8Array(12);
  return crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, data); // want TL302
}

async function webEncryptRandom(key, data) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  return crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, data);
}

module.exports = { encrypt, decrypt, encryptLegacy, encryptDes, encryptEcb, encryptRc4, encryptStatic, encryptModuleIv, encryptLiteralIv, encryptWithHardcodedKey, signPayload, filledIv, hmacFromEnv, webEncrypt, webEncryptRandom };
