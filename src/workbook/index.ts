export { displayBundle, showFrame, showPlot, frameToHtml, frameToText, formatCell, frameRows } from "./display";
export type { FrameLike, MimeBundle, PlotlyFigure } from "./display";
export { workbookContext } from "./workbookConfig";
export type { WorkbookContext } from "./workbookConfig";
export { saveTable, frameToCsv } from "./saveTable";
export { paper, studyVariables } from "./paperReference";
export type { StudyVariable } from "./paperReference";
