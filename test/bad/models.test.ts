// The models' and commands' bad-input corpus (test/fixtures/bad/modelCases.ts): `.model` and JSON model files,
// and command lines (exit 2 with one line for usage errors, 1 for bad inputs).
import { modelCases } from "../fixtures/bad/modelCases";
import { corpusSuite } from "./classify";

corpusSuite("models and commands", modelCases());
