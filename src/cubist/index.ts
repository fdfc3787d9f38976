export * from "./table";
export * from "./model";
export * from "./readCsvTable";
