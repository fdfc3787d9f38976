export { replicaPath, replicaUrl } from "./replicaPath";
export type { ReplicaExportOptions } from "./replicaExportOptions";
export { exportGldasGranules, GLDAS_GLOBAL, type ExportGldasOptions } from "./exportGldas";
export { exportModisGranules, REPLICA_PRODUCTION, type ExportModisOptions } from "./exportModis";
export { exportSrtmTiles, cgiarTileGrid, CGIAR_TILE_SIZE, type ExportSrtmOptions } from "./exportSrtm";
export { exportAmsr2, LPRM_GLOBAL, LPRM_STAMP, type ExportAmsr2Options } from "./exportAmsr2";
export { exportAscat, hsafCell, ASCAT_REPLICA_HOUR, type ExportAscatOptions } from "./exportAscat";
export { exportIsmn, type ExportIsmnOptions } from "./exportIsmn";
export { exportReplica, REPLICA_PRODUCTS, type ReplicaProduct, type ExportReplicaOptions } from "./exportReplica";
