// The readers' bad-input corpus (test/fixtures/bad/readerCases.ts): every case must end, within its time bound,
// in a one-line error naming the input and the problem, or in a documented acceptance whose values are checked.
import { readerCases } from "../fixtures/bad/readerCases";
import { corpusSuite } from "./classify";

corpusSuite("readers", readerCases());
