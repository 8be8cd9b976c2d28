export const apiSecret: string = process.env.API_SECRET || "Zk4!vQ9#pL2mWx"; // want TL102

export function secretLength(): number {
  return apiSecret.length;
}
