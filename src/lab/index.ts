export * from "./cdfMatch";
export * from "./massConservation";
