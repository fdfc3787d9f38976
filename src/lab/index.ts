export * from "./baselineComparison";
export * from "./maskUnknownPredictors";
export * from "./variableSelection";
