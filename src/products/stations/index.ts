export { DEFAULT_KEEP_FLAGS, flagKept, stationDailyMeans, type StationSeries, type StationCounts, type StationLayout, type StationDaily } from "./stationSeries";
export { parseIsmnStm, readIsmnStm, detectIsmnLayout, parseIsmnName, type ReadIsmnOptions } from "./ismnStm";
export { parseIsmnStatic, readIsmnStatic, type IsmnStaticRow } from "./ismnStatic";
export { readIsmnZip, type IsmnArchive, type ReadIsmnZipOptions } from "./ismnZip";
export { parseStationCsv, readStationCsv, STATION_CSV_REQUIRED, STATION_CSV_OPTIONAL, type StationCsvOptions } from "./stationCsv";
export { stationInfoHandler } from "./stationInfoHandler";
