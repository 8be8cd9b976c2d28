// Password verification as an assistant wrote it (the article's first
// example). Two problems: a bcrypt cost of 8 and a hash compared with ===.
// Their rules (weak-password-hash-cost, timing-unsafe-compare,
// rehash-and-compare) are not implemented yet, so this file is silent for now.
const bcrypt = require('bcrypt');

// What Codex generated for password verification
async function verifyPassword(plainPassword, hashedPassword) {
  // This looks correct but uses a weak hashing approach
  const hash = await bcrypt.hash(plainPassword, 8); // Low salt rounds
  return hash === hashedPassword; // Wrong comparison method!
}

// What it should have been: the library's own constant-time compare.
async function verifyPasswordSafely(plainPassword, hashedPassword) {
  return bcrypt.compare(plainPassword, hashedPassword);
}

module.exports = { verifyPassword, verifyPasswordSafely };
