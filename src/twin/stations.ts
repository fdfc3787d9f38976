/** One RDA soil-moisture station of the paper's Table 2 (Park et al. 2017). */
export interface Station {
  /** Panel letter a–n. */
  id: string;
  name: string;
  /** Degrees north / east, altitude m, as printed in Table 2. */
  lat: number;
  lon: number;
  alt: number;
  /** Land cover at 1 km and at 25 km, as printed. */
  landCover1km: string;
  landCover25km: string;
}

/** The 14 stations of Table 2 (South Korea, hourly TDR at 10 cm, daily means used). */
export const STATIONS: readonly Station[] = [
  { id: "a", name: "Andong", lat: 36.538, lon: 128.805, alt: 112, landCover1km: "Crop", landCover25km: "Forest" },
  { id: "b", name: "Cheongju", lat: 36.588, lon: 127.505, alt: 57, landCover1km: "Crop", landCover25km: "Crop, Forest" },
  { id: "c", name: "Geochang", lat: 35.678, lon: 127.923, alt: 195, landCover1km: "Crop", landCover25km: "Forest, Crop" },
  { id: "d", name: "Geumsan", lat: 36.126, lon: 127.496, alt: 167, landCover1km: "Crop", landCover25km: "Forest" },
  { id: "e", name: "Gyeongsan", lat: 35.817, lon: 128.813, alt: 57, landCover1km: "Crop", landCover25km: "Crop, Built up" },
  { id: "f", name: "Gyeryong", lat: 36.2, lon: 127.28, alt: 176, landCover1km: "Forest", landCover25km: "Forest" },
  { id: "g", name: "Hwacheon", lat: 38.114, lon: 127.708, alt: 176, landCover1km: "Crop", landCover25km: "Forest" },
  { id: "h", name: "Hwasun", lat: 34.97, lon: 127.07, alt: 162, landCover1km: "Crop", landCover25km: "Forest" },
  { id: "i", name: "Jinan", lat: 35.761, lon: 127.438, alt: 347, landCover1km: "Crop", landCover25km: "Forest" },
  { id: "j", name: "Miryang", lat: 35.447, lon: 128.757, alt: 53, landCover1km: "Crop", landCover25km: "Crop, Forest" },
  { id: "k", name: "Mungyeong", lat: 36.608, lon: 128.208, alt: 106, landCover1km: "Crop", landCover25km: "Forest, Crop" },
  { id: "l", name: "Okcheon", lat: 36.3, lon: 127.596, alt: 126, landCover1km: "Crop", landCover25km: "Forest" },
  { id: "m", name: "Sejong", lat: 36.563, lon: 127.298, alt: 22, landCover1km: "Crop", landCover25km: "Crop, Built up" },
  { id: "n", name: "Wanju", lat: 35.984, lon: 127.22, alt: 52, landCover1km: "Crop", landCover25km: "Crop, Built up" },
];
