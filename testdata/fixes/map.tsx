import { GoogleMap } from "@react-google-maps/api";

export function StoreMap() {
  return <GoogleMap apiKey="AIza9NksnRH9ucAUsdMlHUvTCQCyEZDz-TddJ8H" zoom={12} />; // want TL101
}
