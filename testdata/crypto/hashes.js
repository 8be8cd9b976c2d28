// Hashes in a Node backend: some protect something, most are checksums.
const crypto = require('crypto');

function signRequest(body, secret) {
  const signature = crypto.createHash('md5').update(body + secret).digest('hex'); // want TL306
  return signature;
}

function verifyWebhook(payload, header) {
  const expected = crypto.createHash('sha1').update(payload).digest('hex'); // want TL306
  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(header));
}

function makeToken(userId) {
  return crypto.createHash('sha1').update(`${userId}:${Date.now()}`).digest('hex'); // want TL306
}

function contentHash(content) {
  return crypto.createHash('md5').update(content).digest('hex'); // want TL306
}

// Look-alikes: ETags, cache keys, gravatars, checksums, strong hashes.
function etagFor(body) {
  const etag = crypto.createHash('md5').update(body).digest('hex');
  return `"${etag}"`;
}

function cacheKey(url, params) {
  return crypto.createHash('md5').update(url + JSON.stringify(params)).digest('hex');
}

function gravatarUrl(email) {
  return `https://www.gravatar.com/avatar/${crypto.createHash('md5').update(email.trim().toLowerCase()).digest('hex')}`;
}

function fileChecksum(buffer) {
  const checksum = crypto.createHash('sha1').update(buffer).digest('hex');
  return checksum;
}

function strongSignature(body, secret) {
  return crypto.createHmac('sha256', secret).update(body).digest('hex');
}

function digest(body) {
  return crypto.createHash('sha256').update(body).digest('hex');
}

module.exports = { signRequest, verifyWebhook, makeToken, contentHash, etagFor, cacheKey, gravatarUrl, fileChecksum, strongSignature, digest };
