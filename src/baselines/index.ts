export * from "./featureEncoding";
export * from "./linearRegression";
export * from "./growTree";
export * from "./regressionTree";
export * from "./randomForest";
export * from "./predictBaseline";
