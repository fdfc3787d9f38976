export { loadH5wasm, h5wasmEntryPath, type H5wasm } from "./h5wasmModule";
export { checkHdf5Container, sniffContainer, type ContainerKind, type Hdf5ContainerInfo } from "./hdf5Signature";
export { decodeCf, netcdfDefaultFill, type AttributeValue, type CfCounts, type CfDecodeOptions, type NumericArray } from "./cfDecode";
export { Hdf5File, type Hdf5VariableInfo, type DecodedVariable, type ReadVariableOptions } from "./hdf5File";
export { parseCfTimeUnits, cfTimeToDate, type CfTimeUnits } from "./cfTime";
export { captureHdf5Errors } from "./captureHdf5Errors";
export { hdf5InfoHandler } from "./hdf5InfoHandler";
export { writeNetcdf4, type WriteNetcdf4Options, type Netcdf4Variable, type Netcdf4AttributeValue } from "./writeNetcdf4";
