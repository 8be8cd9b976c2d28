// User accounts service an assistant scaffolded for an Express app.
const bcrypt = require('bcrypt');
const crypto = require('crypto');
const argon2 = require('argon2');

const SALT_ROUNDS = 10;
const STRONG_ROUNDS = 12;

async function register(email, password) {
  const passwordHash = await bcrypt.hash(password, SALT_ROUNDS); // want TL201
  return db.users.insert({ email, passwordHash });
}

async function registerStrong(email, password) {
  const passwordHash = await bcrypt.hash(password, STRONG_ROUNDS);
  return db.users.insert({ email, passwordHash });
}

function hashSyncLegacy(password) {
  return bcrypt.hashSync(password, 8); // want TL201
}

async function saltFirst(password) {
  const salt = await bcrypt.genSalt(); // want TL201
  return bcrypt.hash(password, salt);
}

async function saltExplicit(password) {
  const salt = await bcrypt.genSalt(14);
  return bcrypt.hash(password, salt);
}

async function login(email, password) {
  const user = await db.users.findOne({ email });
  const candidate = await bcrypt.hash(password, 12);
  if (candidate !== user.passwordHash) { // want TL203
    throw new Error('invalid credentials');
  }
  return user;
}

async function loginRight(email, password) {
  const user = await db.users.findOne({ email });
  const ok = await bcrypt.compare(password, user.passwordHash);
  return ok ? user : null;
}

// Re-hashing with the stored hash as the salt reproduces it: a (slow) check.
async function checkWithStoredSalt(password, storedPasswordHash) {
  const rehashed = await bcrypt.hash(password, storedPasswordHash);
  return rehashed === storedPasswordHash; // want TL202
}

function deriveKey(password, salt) {
  return crypto.pbkdf2Sync(password, salt, 100000, 64, 'sha512'); // want TL201
}

function deriveKeyStrong(password, salt) {
  return crypto.pbkdf2Sync(password, salt, 210000, 64, 'sha512');
}

function deriveSha256(password, salt, done) {
  crypto.pbkdf2(password, salt, 310000, 32, 'sha256', done); // want TL201
}

function scryptKey(password, salt) {
  return crypto.scryptSync(password, salt, 64, { N: 16384 }); // want TL201
}

function scryptDefault(password, salt) {
  return crypto.scryptSync(password, salt, 64);
}

async function argonWeak(password) {
  return argon2.hash(password, { type: argon2.argon2i, memoryCost: 4096, timeCost: 3 }); // want TL201
}

async function argonGood(password) {
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2 });
}

async function argonDefaults(password) {
  return argon2.hash(password);
}

function legacyMd5(password) {
  return crypto.createHash('md5').update(password).digest('hex'); // want TL204
}

function saltedSha(user, password) {
  return crypto.createHash('sha256').update(user.salt + password).digest('hex'); // want TL204
}

// Hashing a random reset token for storage is right: it is not a password.
function storeResetToken(resetToken) {
  return crypto.createHash('sha256').update(resetToken).digest('hex');
}

function fileChecksum(buffer) {
  return crypto.createHash('sha1').update(buffer).digest('hex');
}

module.exports = {
  register, registerStrong, hashSyncLegacy, saltFirst, saltExplicit, login, loginRight,
  checkWithStoredSalt, deriveKey, deriveKeyStrong, deriveSha256, scryptKey, scryptDefault,
  argonWeak, argonGood, argonDefaults, legacyMd5, saltedSha, storeResetToken, fileChecksum,
};
