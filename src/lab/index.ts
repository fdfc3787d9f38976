export * from "./cdfMatch";
export * from "./massConservation";
export * from "./committeeSpread";
