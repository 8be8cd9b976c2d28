import axios from "axios";

export async function listCharges(): Promise<unknown> {
  const response = await fetch("https://api.example.com", { headers: { "Authorization": "Bearer sk-test-1234" } }); // want TL102
  return response.json();
}

export const api = axios.create({
  baseURL: "https://api.example.com",
  headers: {
    Authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl", // want TL102
    "Content-Type": "application/json",
  },
});

axios.defaults.headers.common["Authorization"] = "Token 4f2a9c7e1b3d5f6a8c0e"; // want TL102

export function attach(xhr: XMLHttpRequest, token: string): void {
  xhr.setRequestHeader("Authorization", `Bearer ${token}`);
  xhr.setRequestHeader("Authorization", "Bearer " + token);
  xhr.setRequestHeader("Accept", "application/json");
}

export const proxy = { "Proxy-Authorization": "Basic dXNlcjpodW50ZXIy" }; // want TL102
export const schemeOnly = { Authorization: "Bearer " };
export const envHeader = { Authorization: `Bearer ${process.env.API_TOKEN ?? ""}` };
