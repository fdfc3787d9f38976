export * from "./kernelSpec";
export * from "./applyKernel";
export * from "./kernelPool";
export * from "./tileUnits";
export * from "./predictUnit";
export * from "./produceUnits";
export * from "./pairAccumulator";
export * from "./finalizeProduction";
