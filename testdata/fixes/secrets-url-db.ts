import mongoose from "mongoose";

const MONGO_URL: string = "mongodb+srv://admin:R8tYq3mNp2Lk@cluster0.a1b2c.mongodb.net/shop"; // want TL104

export async function connect(): Promise<void> {
  await mongoose.connect(MONGO_URL);
}

export const webhookUrl: string = "https://hooks:W7eR4tY1uI9o@hooks.partner.io/incoming"; // want TL104
