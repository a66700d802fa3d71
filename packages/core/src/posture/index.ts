export { Control, ControlEvidence, ControlFileDocument, ControlId, ControlScope, PostureDirection } from './control.ts';
export { parseControlFiles, type ControlCatalogue } from './control-parse.ts';
export {
  evaluateControls,
  type Attestation,
  type ControlResult,
  type Observation,
  type OpenFinding,
  type PostureInputs,
  type ResultStatus,
} from './evaluate.ts';
export {
  postureReport,
  scoreResults,
  type DirectionScores,
  type PostureGap,
  type PostureReport,
  type PostureScore,
} from './score.ts';
