import pino from "pino";
import { Logger } from "@nestjs/common";

const log = pino();

export class PaymentsClient {
  private readonly logger = new Logger(PaymentsClient.name);
  private readonly secretKey: string = process.env.STRIPE_SECRET_KEY!;

  constructor(private apiKey: string) {
    this.logger.log(`PaymentsClient created with key ${this.apiKey}`); // want TL105
  }

  async charge(amount: number, authorization: string): Promise<void> {
    this.logger.debug(`Authorization: ${authorization}`); // want TL105
    log.info({ secretKey: this.secretKey }, "charging"); // want TL105
    const res = await fetch("https://api.stripe.com/v1/charges", {
      headers: { Authorization: `Bearer ${this.secretKey}` },
    });
    if (!res.ok) {
      throw new PaymentError("Stripe rejected key " + this.secretKey); // want TL105
    }
  }

  // --- silent ---
  describe(): void {
    this.logger.log(`key configured: ${Boolean(this.apiKey)}`);
    this.logger.log(`key suffix: ${this.apiKey.slice(-4)}`);
    log.info({ keyId: "kid_1", tokenType: "bearer" }, "ok");
    this.logger.error("Stripe secret key is not configured");
  }
}

class PaymentError extends Error {}
