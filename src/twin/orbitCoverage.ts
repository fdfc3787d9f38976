/**
 * Simplified sun-synchronous swath geometry for the microwave sensors' orbit gaps.
 *
 * Ground tracks of one pass direction are spaced `spacing` = 360°/orbits-per-day in longitude, drift by
 * the fractional orbit count × spacing each day, and lean slightly with latitude. A place is observed
 * when its cross-track distance from the nearest track (longitude difference × cos(latitude) × 111.2 km)
 * lies inside the swath: AMSR2 one 1,450 km swath centred on the track (14.57 orbits/day); ASCAT two
 * 550 km swaths from 360 to 910 km either side of the track, leaving a nadir gap (MetOp-A, 14.21 orbits/day).
 */
export type Sensor = "amsr2" | "ascat";

const GEOMETRY = {
  amsr2: { orbits: 14.57, inner: 0, outer: 725, lon0: [3.1, 10.2] },
  ascat: { orbits: 14.21, inner: 360, outer: 910, lon0: [7.4, 19.9] },
};

/**
 * Whether a place is inside a swath of the given sensor and pass (0 = ascending, 1 = descending) on a day
 * (`day` = days since 1970; `cosLat` may be passed precomputed).
 * @example
 * swathCovers("ascat", 0, 127.5, 36.2, 16436); // true or false, deterministic
 */
export function swathCovers(sensor: Sensor, pass: 0 | 1, lon: number, lat: number, day: number, cosLat = Math.cos((lat * Math.PI) / 180)): boolean {
  const g = GEOMETRY[sensor];
  const spacing = 360 / g.orbits;
  const drift = (g.orbits - Math.floor(g.orbits)) * spacing;
  const lean = pass === 0 ? -0.18 : 0.18;
  let x = lon - (g.lon0[pass] + drift * day + lean * (lat - 35));
  x = ((x % spacing) + spacing) % spacing;
  if (x > spacing / 2) x -= spacing;
  const km = Math.abs(x) * cosLat * 111.2;
  return km >= g.inner && km <= g.outer;
}
