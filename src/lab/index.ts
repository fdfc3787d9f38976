export * from "./baselineComparison";
export * from "./maskUnknownPredictors";
export * from "./variableSelection";
export * from "./cdfMatch";
export * from "./massConservation";
export * from "./committeeSpread";
export * from "./subsetTradeoffs";
