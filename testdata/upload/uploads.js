// Upload routes an assistant wrote for "let users upload avatars".
const express = require('express');
const multer = require('multer');
const busboy = require('busboy');
const formidable = require('formidable');
const bodyParser = require('body-parser');

const app = express();
app.use(express.json({ limit: '50mb' })); // want TL502
app.use(bodyParser.urlencoded({ extended: true, limit: '1gb' })); // want TL502

const upload = multer({ dest: 'uploads/' }); // want TL502
const memory = multer(); // want TL502

app.post('/avatar', upload.single('avatar'), (req, res) => {
  res.json({ file: req.file.filename });
});

app.post('/import', (req, res) => {
  const bb = busboy({ headers: req.headers }); // want TL502
  bb.on('file', (name, file) => file.resume());
  req.pipe(bb);
});

app.post('/docs', (req, res) => {
  const form = formidable({ multiples: true }); // want TL502
  form.parse(req, (err, fields, files) => res.json({ files }));
});

// Look-alikes that must stay silent.

const limited = multer({
  dest: 'uploads/',
  limits: { fileSize: 2 * 1024 * 1024, files: 1 },
  fileFilter: (req, file, cb) => cb(null, ['image/png', 'image/jpeg'].includes(file.mimetype)),
});
const options = { dest: 'tmp/' };
const fromOptions = multer(options);
app.use(express.json());
app.use(express.json({ limit: '1mb' }));
app.use(bodyParser.json({ limit: '100kb' }));

app.post('/photos', limited.array('photos', 4), (req, res) => {
  const form = formidable({ maxFileSize: 10 * 1024 * 1024 });
  const bb = busboy({ headers: req.headers, limits: { fileSize: 1024 * 1024 } });
  res.json({ ok: Boolean(form && bb && memory && fromOptions) });
});

module.exports = app;
