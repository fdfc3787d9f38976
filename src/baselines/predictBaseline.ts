import type { ColumnTable } from "../cubist/table";
import { predictLinearRegression } from "./linearRegression";
import type { LinearRegressionModel } from "./linearRegression";
import { predictRandomForest } from "./randomForest";
import type { RandomForestModel } from "./randomForest";
import { predictRegressionTree } from "./regressionTree";
import type { RegressionTreeModel } from "./regressionTree";

/** Any fitted baseline model. */
export type BaselineModel = LinearRegressionModel | RegressionTreeModel | RandomForestModel;

/**
 * Predictions of any baseline model for a table's rows (the predictor columns by name; NaN where a predictor is
 * missing or a discrete level was unseen in training).
 * @throws RangeError when the model kind is unknown or a predictor column is missing or of the other kind.
 * @example predictBaseline(fitLinearRegression(table, { target: "y" }), table)
 */
export function predictBaseline(model: BaselineModel, table: ColumnTable): Float64Array {
  switch (model.kind) {
    case "linear-regression": return predictLinearRegression(model, table);
    case "regression-tree": return predictRegressionTree(model, table);
    case "random-forest": return predictRandomForest(model, table);
    default: throw new RangeError(`predictBaseline: unknown model kind ${JSON.stringify((model as { kind: unknown }).kind)}`);
  }
}
