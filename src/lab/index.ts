export * from "./cdfMatch";
