// Password verification as an assistant wrote it (the article's first
// example). Two problems: a bcrypt cost of 8 (weak-password-hash-cost) and a
// fresh hash compared with === to the stored one (rehash-and-compare: a new
// salt never matches, and === is not constant-time either). Fix all turns it
// into bcrypt.compare and drops the dead hashing line.
const bcrypt = require('bcrypt');

// What Codex generated for password verification
async function verifyPassword(plainPassword, hashedPassword) {
  // This looks correct but uses a weak hashing approach
  const hash = await bcrypt.hash(plainPassword, 8); // Low salt rounds -- want TL201
  return hash === hashedPassword; // Wrong comparison method! -- want TL203
}

// What it should have been: the library's own constant-time compare.
async function verifyPasswordSafely(plainPassword, hashedPassword) {
  return bcrypt.compare(plainPassword, hashedPassword);
}

module.exports = { verifyPassword, verifyPasswordSafely };
