// A NestJS-free TypeScript upload service on multer.
import express from "express";
import multer from "multer";

const router = express.Router();
const storage = multer.diskStorage({ destination: "uploads/" });
const upload = multer({ storage }); // want TL502

router.post("/files", upload.single("file"), (req, res) => {
  res.json({ name: req.file?.originalname });
});

// Look-alikes that must stay silent.
const safe = multer({ storage, limits: { fileSize: 5 * 1024 * 1024 } });

router.post("/safe", safe.single("file"), (req, res) => {
  res.json({ size: req.file?.size });
});

export default router;
