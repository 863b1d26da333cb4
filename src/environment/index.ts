/** Where measurements were taken: `import { environment } from "tsparallel"; environment({ seed })`. */
export { environment, Environment, type EnvironmentOptions } from "./environment";
export { cpuFacts, simdFlagsOfInterest, type CpuFacts } from "./cpu";
export { packageRoot, packageVersion, reportedPackages, type ReportedPackage } from "./versions";
export { cpuTicks, stealShare, isVirtualMachine, loadAverageText, gitCommit, type CpuTicks } from "./machine-load";
export { pythonVersions, type PythonVersions } from "./python-versions";
