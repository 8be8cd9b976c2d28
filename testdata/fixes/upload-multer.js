// multer and busboy set up without a size limit; the fix adds
// limits: { fileSize: 5 * 1024 * 1024 }.
const multer = require('multer');
const busboy = require('busboy');

const avatars = multer({ dest: 'uploads/avatars' }); // want TL502
const inMemory = multer(); // want TL502
const documents = multer({ // want TL502
  dest: 'uploads/docs',
  preservePath: false,
});
const counted = multer({ dest: 'uploads/', limits: { files: 3 } }); // want TL502

function parse(req) {
  return busboy({ headers: req.headers }); // want TL502
}

module.exports = { avatars, inMemory, documents, counted, parse };
