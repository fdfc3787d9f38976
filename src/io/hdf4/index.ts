export { Hdf4File, isHdf4Signature, HDF4_MAGIC, type Hdf4Sds, type Hdf4DataType } from "./hdf4File";
export { parseHdfEosGrids, formatHdfEosGrids, gridOfSds, hdfEosGeoTransform, hdfEosCrs, type HdfEosGrid } from "./hdfEosGrid";
export { decodeModisSds, modisSdsScaling, type DecodedSds, type ModisSdsScaling } from "./decodeModisSds";
export { hdf4InfoHandler } from "./hdf4InfoHandler";
export { writeHdf4, type WriteHdf4Options, type Hdf4SdsInput, type Hdf4EosGridInput } from "./writeHdf4";
