/** The article's own Python code, run beside the TypeScript kernels for comparison. */
export { pythonCommand, pythonEnvironment } from "./python-command";
export {
  runNumbaExamples, numbaTiming, numbaExamplesScript,
  type NumbaExamplesOptions, type NumbaExamplesResult, type NumbaExamplesRun, type NumbaExamplesMissing, type NumbaTiming,
} from "./numba-examples";
